using System.Text.Json.Serialization;
using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;

namespace RoApp.QuickBooksSync.Api.Serialization;

// Case-insensitive because QuickBooks answers some faults in lower case ("fault", "error", "message").
// Nulls are left out so that a sparse update sends only what the caller set.
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(Invoice))]
[JsonSerializable(typeof(Payment))]
[JsonSerializable(typeof(Customer))]
[JsonSerializable(typeof(Item))]
[JsonSerializable(typeof(Account))]
[JsonSerializable(typeof(TaxCode))]
[JsonSerializable(typeof(TaxRate))]
[JsonSerializable(typeof(Department))]
[JsonSerializable(typeof(QuickBooksClass))]
[JsonSerializable(typeof(CompanyInfo))]
[JsonSerializable(typeof(Preferences))]
[JsonSerializable(typeof(PaymentMethod))]
[JsonSerializable(typeof(RefundReceipt))]
[JsonSerializable(typeof(CreditMemo))]
[JsonSerializable(typeof(QuickBooksFault))]
[JsonSerializable(typeof(EntityKey))]
internal sealed partial class QuickBooksJsonContext : JsonSerializerContext;

/// <summary>The body of delete and void requests: <c>{"Id", "SyncToken", "sparse"?}</c>.</summary>
internal sealed class EntityKey
{
    public required string Id { get; init; }

    public required string SyncToken { get; init; }

    [JsonPropertyName("sparse")]
    public bool? Sparse { get; init; }
}
