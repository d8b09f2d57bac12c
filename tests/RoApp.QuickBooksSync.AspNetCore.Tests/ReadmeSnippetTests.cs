namespace RoApp.QuickBooksSync.AspNetCore.Tests;

/// <summary>
/// The README's "ASP.NET Core host" code is the code between the markers in <c>ReadmeHost.cs</c>, which this project
/// compiles and every endpoint test runs; its "Quick start for a host" is the whole of
/// <c>samples/RoApp.QuickBooksSync.QuickStart/Program.cs</c>, which the solution compiles. A change to one side
/// without the other fails here.
/// </summary>
public sealed class ReadmeSnippetTests
{
    private const string Marker = "<!-- snippet: aspnetcore-host";
    private const string QuickStartMarker = "<!-- snippet: quick-start";

    [Fact]
    public void The_README_quick_start_is_exactly_the_compiled_quick_start_Program_cs()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "snippets");
        var readme = File.ReadAllLines(Path.Combine(folder, "README.md"));
        var program = File.ReadAllLines(Path.Combine(folder, "QuickStart.Program.cs"));

        var shown = CodeAfter(readme, QuickStartMarker);

        Assert.Equal(program, shown);
    }

    private static string[] CodeAfter(string[] readme, string marker)
    {
        var start = Array.FindIndex(readme, l => l.StartsWith(marker, StringComparison.Ordinal));
        Assert.True(start >= 0, $"README.md has no '{marker} ...' line before the code it shows.");
        Assert.Equal("```csharp", readme[start + 1]);
        var end = Array.FindIndex(readme, start + 2, l => l == "```");
        Assert.True(end > start, $"The code after '{marker}' in README.md is not closed with ```.");
        return readme[(start + 2)..end];
    }

    [Fact]
    public void The_README_shows_exactly_the_compiled_ASP_NET_Core_host_code()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "snippets");
        var readme = File.ReadAllLines(Path.Combine(folder, "README.md"));
        var source = File.ReadAllLines(Path.Combine(folder, "ReadmeHost.cs"));

        var start = Array.FindIndex(readme, l => l.StartsWith(Marker, StringComparison.Ordinal));
        Assert.True(start >= 0, $"README.md has no '{Marker} ...' line before the ASP.NET Core host code.");
        Assert.Equal("```csharp", readme[start + 1]);
        var end = Array.FindIndex(readme, start + 2, l => l == "```");
        var shown = readme[(start + 2)..end];

        var begin = Array.FindIndex(source, l => l.Trim() == "// README: aspnetcore-host begin");
        var stop = Array.FindIndex(source, l => l.Trim() == "// README: aspnetcore-host end");
        Assert.True(begin >= 0 && stop > begin, "ReadmeHost.cs lost its README markers.");
        var compiled = source[(begin + 1)..stop];
        var indent = compiled.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);

        Assert.Equal(compiled.Select(l => l.Length >= indent ? l[indent..] : l.Trim()), shown);
    }
}
