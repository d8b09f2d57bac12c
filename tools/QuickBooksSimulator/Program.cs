using RoApp.QuickBooksSync.Testing;
using RoApp.QuickBooksSync.Tools.Simulator;

CommandLine options;
try
{
    options = CommandLine.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

var simulatorOptions = new QuickBooksSimulatorOptions { Port = options.Port };
simulatorOptions.ClientId = options.ClientId ?? simulatorOptions.ClientId;
simulatorOptions.ClientSecret = options.ClientSecret ?? simulatorOptions.ClientSecret;
simulatorOptions.VerifierToken = options.VerifierToken ?? simulatorOptions.VerifierToken;
foreach (var uri in options.RedirectUris)
{
    simulatorOptions.RedirectUris.Add(uri);
}

simulatorOptions.Limits.Enabled = !options.NoLimits;
simulatorOptions.Limits.RequestsPerMinute = options.RequestsPerMinute ?? simulatorOptions.Limits.RequestsPerMinute;
simulatorOptions.Limits.MaxConcurrentRequests = options.MaxInFlight ?? simulatorOptions.Limits.MaxConcurrentRequests;
simulatorOptions.Limits.BatchRequestsPerMinute = options.BatchesPerMinute ?? simulatorOptions.Limits.BatchRequestsPerMinute;
simulatorOptions.Latency = TimeSpan.FromMilliseconds(options.LatencyMilliseconds);
simulatorOptions.LatencyJitter = TimeSpan.FromMilliseconds(options.LatencyJitterMilliseconds);
simulatorOptions.Webhooks.Format = options.WebhookFormat;
simulatorOptions.Webhooks.TargetUrl = options.WebhookUrl;
simulatorOptions.Webhooks.MaxEventsPerDelivery = options.WebhookBatch;

await using var simulator = QuickBooksSimulator.Start(simulatorOptions);
var company = simulator.AddCompany(new CompanyOptions
{
    RealmId = options.RealmId,
    Profile = options.Profile,
    CustomTransactionNumbers = options.CustomNumbers,
});

Console.WriteLine($"""
    QuickBooks Online simulator is running.
      API base URL:        {simulator.BaseUrl}   (requests go to {simulator.BaseUrl}v3/company/{company.RealmId}/...)
      Authorize endpoint:  {simulator.AuthorizeEndpoint}
      Token endpoint:      {simulator.TokenEndpoint}
      Revoke endpoint:     {simulator.RevokeEndpoint}
      Realm id:            {company.RealmId} ({company.Profile}, custom transaction numbers {(options.CustomNumbers ? "on" : "off")})
      Client id:           {simulator.ClientId}
      Client secret:       {simulator.ClientSecret}
      Verifier token:      {simulator.VerifierToken}
      Limits per realm:    {(options.NoLimits ? "off" : $"{simulatorOptions.Limits.RequestsPerMinute} requests/min, {simulatorOptions.Limits.MaxConcurrentRequests} in flight, {simulatorOptions.Limits.BatchRequestsPerMinute} batches/min")}; latency {options.LatencyMilliseconds} ms +/- {options.LatencyJitterMilliseconds} ms
      Webhooks:            {(options.WebhookUrl is null ? "not sent (no --webhook-url)" : $"{options.WebhookFormat} to {options.WebhookUrl}")}
      Seeded ids:          Undeposited Funds {company.UndepositedFundsAccountId}, bank {company.BankAccountId}, income {company.IncomeAccountId}, service item {company.ServiceItemId}
    Press Ctrl+C to stop.
    """);

var stopped = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopped.TrySetResult();
};
using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopped.TrySetResult();
});

await stopped.Task;
Console.WriteLine("Stopping the simulator.");
return 0;
