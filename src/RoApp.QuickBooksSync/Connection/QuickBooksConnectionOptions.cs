namespace RoApp.QuickBooksSync.Connection;

/// <summary>Settings of the OAuth connection to QuickBooks Online.</summary>
public sealed class QuickBooksConnectionOptions
{
}
