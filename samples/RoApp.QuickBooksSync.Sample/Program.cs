using Microsoft.Extensions.DependencyInjection;

// The sample grows with the library: for now it shows the registration a host starts from.
var services = new ServiceCollection();
services.AddQuickBooksSync(options => { });
await using var provider = services.BuildServiceProvider();
Console.WriteLine("RoApp.QuickBooksSync registered. The full two-way demo arrives with the simulator and the sync engine.");
return 0;
