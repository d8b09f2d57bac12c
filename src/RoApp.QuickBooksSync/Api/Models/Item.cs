namespace RoApp.QuickBooksSync.Api.Models;

/// <summary>A QuickBooks Online product or service.</summary>
public sealed class Item : QuickBooksEntity
{
    /// <summary>The item name; unique.</summary>
    public string? Name { get; set; }

    /// <summary>The item type: <c>Service</c>, <c>NonInventory</c>, <c>Inventory</c>...</summary>
    public string? Type { get; set; }

    /// <summary>The income account; required for a <c>Service</c> item.</summary>
    public QuickBooksRef? IncomeAccountRef { get; set; }

    /// <summary>The sales description.</summary>
    public string? Description { get; set; }

    /// <summary>The default sales price.</summary>
    public decimal? UnitPrice { get; set; }

    /// <summary>The stock-keeping unit.</summary>
    public string? Sku { get; set; }

    /// <summary>Whether the item is taxable (US).</summary>
    public bool? Taxable { get; set; }

    /// <summary>Whether the item is active.</summary>
    public bool? Active { get; set; }

    /// <summary>The full name including parents.</summary>
    public string? FullyQualifiedName { get; set; }
}
