namespace RoApp.QuickBooksSync.Testing;

/// <summary>
/// QuickBooks' "Track classes" setting (Account and settings, Advanced, Categories): off, one class for the entire
/// transaction (<c>Preferences.AccountingInfoPrefs.ClassTrackingPerTxn</c>), or one for each row
/// (<c>ClassTrackingPerTxnLine</c>, the class in <c>SalesItemLineDetail.ClassRef</c>).
/// </summary>
public enum ClassTracking
{
    /// <summary>Classes are not tracked: a transaction that carries a <c>ClassRef</c> is refused.</summary>
    Off,

    /// <summary>One class for the entire transaction (<c>ClassRef</c> on the transaction); line classes are dropped.</summary>
    PerTransaction,

    /// <summary>One class for each row (<c>SalesItemLineDetail.ClassRef</c>); a transaction-level class is dropped.</summary>
    PerLine,
}
