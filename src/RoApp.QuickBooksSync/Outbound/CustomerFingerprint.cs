using System.Text;
using RoApp.QuickBooksSync.Api.Models;
using RoApp.QuickBooksSync.Gateway;

namespace RoApp.QuickBooksSync.Outbound;

/// <summary>
/// What a customer link remembers of the client it was last written from (or found for): one short hash a group of
/// fields (name, e-mail, phone, bill-to address), so that a change rewrites only its own group and an unchanged
/// client costs no call.
/// </summary>
internal static class CustomerFingerprint
{
    public const char Name = 'n';
    public const char Email = 'e';
    public const char Phone = 'p';
    public const char Address = 'a';

    public static string Of(RoAppContact contact, string displayName, PhysicalAddress? billAddress) =>
        string.Join('|',
            Part(Name, displayName, contact.FirstName, contact.LastName, contact.CompanyName),
            Part(Email, contact.Email?.Trim()),
            Part(Phone, contact.Phone?.Trim()),
            Part(Address, billAddress?.Line1, billAddress?.Line2, billAddress?.City, billAddress?.CountrySubDivisionCode, billAddress?.PostalCode, billAddress?.Country));

    /// <summary>The groups that differ between what the link remembers and the client now (all of them when nothing is remembered).</summary>
    public static IReadOnlySet<char> Changed(string? before, string now)
    {
        var old = Parse(before);
        return Parse(now).Where(p => !old.TryGetValue(p.Key, out var hash) || hash != p.Value).Select(p => p.Key).ToHashSet();
    }

    private static Dictionary<char, string> Parse(string? fingerprint) =>
        (fingerprint ?? string.Empty).Split('|', StringSplitOptions.RemoveEmptyEntries).Where(p => p.Length > 2 && p[1] == ':').ToDictionary(p => p[0], p => p[2..]);

    private static string Part(char group, params string?[] values) =>
        group + ":" + RequestIds.Hash(Encoding.UTF8.GetBytes(string.Join('\u001f', values.Select(v => v ?? string.Empty))))[..12];
}
