using System.Text.Json.Serialization;

namespace RoApp.QuickBooksSync.Settings;

/// <summary>What a cancellation or deletion of a synced RO App invoice does to its QuickBooks invoice.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InvoiceRemovalAction>))]
public enum InvoiceRemovalAction
{
    /// <summary>
    /// Void the QuickBooks invoice (the default): it stays in QuickBooks, numbered, with zero amounts and
    /// "Voided" in its memo, so the books keep a trace. QuickBooks refuses while a payment is applied to it.
    /// </summary>
    Void,

    /// <summary>Delete the QuickBooks invoice. QuickBooks refuses while a payment is applied to it.</summary>
    Delete,

    /// <summary>Leave the QuickBooks invoice as it is (the bookkeeper deals with it).</summary>
    Nothing,
}
