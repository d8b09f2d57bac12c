namespace RoApp.QuickBooksSync.Sample;

/// <summary>The local folder holding the SQLite file: reset at start unless state is kept.</summary>
internal sealed class SampleDataFolder
{
    private const string FileName = "quickbooks-sync.db";

    // Written when a run keeps its state: only such a file was encrypted with a key that outlives the run.
    private const string KeptMarker = "kept-state";

    private SampleDataFolder(string folder, bool kept)
    {
        Folder = folder;
        Kept = kept;
    }

    public string Folder { get; }

    public string DatabasePath => Path.Combine(Folder, FileName);

    /// <summary>Whether the state of an earlier run was kept.</summary>
    public bool Kept { get; }

    public static SampleDataFolder Prepare(SampleOptions options, bool keepState)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = Path.GetFullPath(options.DataFolder);
        Directory.CreateDirectory(folder);
        var marker = Path.Combine(folder, KeptMarker);
        var kept = keepState && File.Exists(marker) && File.Exists(Path.Combine(folder, FileName));
        if (!kept)
        {
            // The database and SQLite's write-ahead log and shared-memory files: all three, or SQLite may replay old pages.
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(Path.Combine(folder, FileName + suffix));
            }
        }

        if (keepState)
        {
            File.WriteAllText(marker, "This SQLite file is kept between runs of the sample (Sample:KeepState=true).\n");
        }
        else
        {
            File.Delete(marker);
        }

        return new SampleDataFolder(folder, kept);
    }
}
