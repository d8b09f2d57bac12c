using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RoApp.QuickBooksSync.Api.Models;

namespace RoApp.QuickBooksSync.Api.Serialization;

/// <summary>How one entity type is named on the wire and in URLs, and how it is (de)serialised.</summary>
internal sealed class EntityDescriptor
{
    private EntityDescriptor(string name, Type type, JsonTypeInfo typeInfo)
    {
        Name = name;
        Type = type;
        TypeInfo = typeInfo;
        Path = name.ToLowerInvariant();
    }

    /// <summary>The entity name in JSON envelopes, queries and CDC (<c>Invoice</c>).</summary>
    public string Name { get; }

    /// <summary>The URL segment (<c>invoice</c>).</summary>
    public string Path { get; }

    public Type Type { get; }

    public JsonTypeInfo TypeInfo { get; }

    private static readonly EntityDescriptor[] All =
    [
        new("Invoice", typeof(Invoice), QuickBooksJsonContext.Default.Invoice),
        new("Payment", typeof(Payment), QuickBooksJsonContext.Default.Payment),
        new("Customer", typeof(Customer), QuickBooksJsonContext.Default.Customer),
        new("Item", typeof(Item), QuickBooksJsonContext.Default.Item),
        new("Account", typeof(Account), QuickBooksJsonContext.Default.Account),
        new("TaxCode", typeof(TaxCode), QuickBooksJsonContext.Default.TaxCode),
        new("TaxRate", typeof(TaxRate), QuickBooksJsonContext.Default.TaxRate),
        new("CompanyInfo", typeof(CompanyInfo), QuickBooksJsonContext.Default.CompanyInfo),
        new("Preferences", typeof(Preferences), QuickBooksJsonContext.Default.Preferences),
        new("PaymentMethod", typeof(PaymentMethod), QuickBooksJsonContext.Default.PaymentMethod),
        new("RefundReceipt", typeof(RefundReceipt), QuickBooksJsonContext.Default.RefundReceipt),
        new("CreditMemo", typeof(CreditMemo), QuickBooksJsonContext.Default.CreditMemo),
        new("Department", typeof(Department), QuickBooksJsonContext.Default.Department),
        new("Class", typeof(QuickBooksClass), QuickBooksJsonContext.Default.QuickBooksClass),
    ];

    private static readonly FrozenDictionary<Type, EntityDescriptor> ByType = All.ToFrozenDictionary(d => d.Type);

    private static readonly FrozenDictionary<string, EntityDescriptor> ByName =
        All.ToFrozenDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

    public static EntityDescriptor For(Type type) =>
        ByType.TryGetValue(type, out var descriptor)
            ? descriptor
            : throw new ArgumentException(
                $"{type.Name} is not a QuickBooks entity this client knows; use one of {string.Join(", ", All.Select(d => d.Name))}.",
                nameof(type));

    public static bool TryForName(string name, out EntityDescriptor descriptor) =>
        ByName.TryGetValue(name, out descriptor!);

    public static EntityDescriptor ForName(string name) =>
        TryForName(name, out var descriptor)
            ? descriptor
            : throw new ArgumentException(
                $"'{name}' is not a QuickBooks entity this client knows; use one of {string.Join(", ", All.Select(d => d.Name))}.",
                nameof(name));

    public QuickBooksEntity Deserialize(JsonElement element) =>
        (QuickBooksEntity)(element.Deserialize(TypeInfo)
            ?? throw new JsonException($"QuickBooks sent null for a {Name}."));
}

/// <summary>The descriptor of <typeparamref name="T"/>, looked up once.</summary>
internal static class EntityDescriptor<T>
    where T : QuickBooksEntity
{
    public static EntityDescriptor Value => EntityDescriptor.For(typeof(T));

    public static JsonTypeInfo<T> TypeInfo => (JsonTypeInfo<T>)Value.TypeInfo;
}
