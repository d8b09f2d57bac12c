namespace RoApp.QuickBooksSync.Sample;

/// <summary>Prints what the sample does, one numbered step at a time, with details indented under it.</summary>
internal sealed class ConsoleProgress(TextWriter output)
{
    private int _step;

    public void Step(string what) => output.WriteLine($"[{++_step}] {what}");

    public void Detail(string what) => output.WriteLine($"    {what}");

    public void Blank() => output.WriteLine();
}
