using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using RoApp.QuickBooksSync.Api;

namespace RoApp.QuickBooksSync.Connection;

/// <summary>
/// Reads company facts over plain HTTP. A stop-gap until the typed API client is on main: it does a 401
/// refresh-and-retry but no rate limiting or retries, which is acceptable for the few calls of a connect
/// or a settings check.
/// </summary>
internal sealed class HttpQuickBooksCompanyDirectory(
    IHttpClientFactory httpClientFactory,
    IQuickBooksAccessTokenProvider tokens,
    IOptionsMonitor<QuickBooksSyncOptions> options) : IQuickBooksCompanyDirectory
{
    internal const string HttpClientName = "RoApp.QuickBooksSync.CompanyDirectory";
    private const int PageSize = 1000;

    public async ValueTask<QuickBooksCompanyProfile> GetProfileAsync(string realmId, CancellationToken cancellationToken)
    {
        var info = await GetAsync(realmId, $"companyinfo/{Uri.EscapeDataString(realmId)}", DirectoryJsonContext.Default.CompanyInfoEnvelope, cancellationToken).ConfigureAwait(false);
        var prefs = await GetAsync(realmId, "preferences", DirectoryJsonContext.Default.PreferencesEnvelope, cancellationToken).ConfigureAwait(false);
        var p = prefs.Preferences;
        return new QuickBooksCompanyProfile
        {
            CompanyName = info.CompanyInfo?.CompanyName,
            Country = info.CompanyInfo?.Country,
            PartnerTaxEnabled = p?.TaxPrefs?.PartnerTaxEnabled ?? false,
            UsingSalesTax = p?.TaxPrefs?.UsingSalesTax ?? false,
            CustomTransactionNumbers = p?.SalesFormsPrefs?.CustomTxnNumbers ?? false,
            MultiCurrencyEnabled = p?.CurrencyPrefs?.MultiCurrencyEnabled ?? false,
            HomeCurrency = p?.CurrencyPrefs?.HomeCurrency?.Value,
        };
    }

    public async ValueTask<IReadOnlyList<QuickBooksTaxCode>> ListTaxCodesAsync(string realmId, CancellationToken cancellationToken)
    {
        var result = new List<QuickBooksTaxCode>();
        for (var start = 1; ; start += PageSize)
        {
            var page = await QueryAsync(realmId, $"select * from TaxCode startposition {start} maxresults {PageSize}", cancellationToken).ConfigureAwait(false);
            var codes = page.QueryResponse?.TaxCode ?? [];
            result.AddRange(codes.Where(c => c.Id is not null && c.Name is not null).Select(c => new QuickBooksTaxCode(c.Id!, c.Name!, c.Active ?? true, c.Taxable ?? true)));
            if (codes.Count < PageSize)
            {
                return result;
            }
        }
    }

    public async ValueTask<IReadOnlyList<QuickBooksAccount>> ListAccountsAsync(string realmId, CancellationToken cancellationToken)
    {
        var result = new List<QuickBooksAccount>();
        for (var start = 1; ; start += PageSize)
        {
            var page = await QueryAsync(realmId, $"select * from Account startposition {start} maxresults {PageSize}", cancellationToken).ConfigureAwait(false);
            var accounts = page.QueryResponse?.Account ?? [];
            result.AddRange(accounts.Where(a => a.Id is not null).Select(a => new QuickBooksAccount(a.Id!, a.Name ?? a.Id!, a.AccountType ?? string.Empty, a.AccountSubType, a.Active ?? true)));
            if (accounts.Count < PageSize)
            {
                return result;
            }
        }
    }

    private Task<QueryEnvelope> QueryAsync(string realmId, string statement, CancellationToken cancellationToken) =>
        GetAsync(realmId, "query?query=" + Uri.EscapeDataString(statement), DirectoryJsonContext.Default.QueryEnvelope, cancellationToken);

    private async Task<T> GetAsync<T>(string realmId, string relative, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : IFaultCarrier
    {
        var o = options.CurrentValue;
        var separator = relative.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var uri = new Uri(o.ResolveApiBaseUrl(), $"/v3/company/{Uri.EscapeDataString(realmId)}/{relative}{separator}minorversion={o.MinorVersion}");
        var client = httpClientFactory.CreateClient(HttpClientName);

        var token = await tokens.GetAccessTokenAsync(realmId, cancellationToken).ConfigureAwait(false);
        var response = await SendAsync(client, uri, token, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            token = await tokens.RefreshAccessTokenAsync(realmId, token, cancellationToken).ConfigureAwait(false);
            response = await SendAsync(client, uri, token, cancellationToken).ConfigureAwait(false);
        }

        using (response)
        {
            T? body = default;
            try
            {
                body = await response.Content.ReadFromJsonAsync(type, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException) when (!response.IsSuccessStatusCode)
            {
                // The status code below says enough.
            }

            var fault = body?.Fault?.Error?.FirstOrDefault();
            if (!response.IsSuccessStatusCode || fault is not null || body is null)
            {
                throw new QuickBooksException(
                    $"QuickBooks refused to read {relative.Split('?')[0]}: HTTP {(int)response.StatusCode}" +
                    (fault is null ? "." : $", fault {fault.Code}: {fault.Message}."))
                { RealmId = realmId };
            }

            return body;
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Uri uri, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client.SendAsync(request, cancellationToken);
    }
}

internal interface IFaultCarrier
{
    FaultBody? Fault { get; }
}

internal sealed class FaultBody
{
    public List<FaultError>? Error { get; set; }

    public string? Type { get; set; }
}

internal sealed class FaultError
{
    public string? Message { get; set; }

    public string? Code { get; set; }
}

internal sealed class CompanyInfoEnvelope : IFaultCarrier
{
    public CompanyInfoBody? CompanyInfo { get; set; }

    public FaultBody? Fault { get; set; }
}

internal sealed class CompanyInfoBody
{
    public string? CompanyName { get; set; }

    public string? Country { get; set; }
}

internal sealed class PreferencesEnvelope : IFaultCarrier
{
    public PreferencesBody? Preferences { get; set; }

    public FaultBody? Fault { get; set; }
}

internal sealed class PreferencesBody
{
    public TaxPrefsBody? TaxPrefs { get; set; }

    public SalesFormsPrefsBody? SalesFormsPrefs { get; set; }

    public CurrencyPrefsBody? CurrencyPrefs { get; set; }
}

internal sealed class TaxPrefsBody
{
    public bool? UsingSalesTax { get; set; }

    public bool? PartnerTaxEnabled { get; set; }
}

internal sealed class SalesFormsPrefsBody
{
    public bool? CustomTxnNumbers { get; set; }
}

internal sealed class CurrencyPrefsBody
{
    public bool? MultiCurrencyEnabled { get; set; }

    public RefBody? HomeCurrency { get; set; }
}

internal sealed class RefBody
{
    public string? Value { get; set; }
}

internal sealed class QueryEnvelope : IFaultCarrier
{
    public QueryBody? QueryResponse { get; set; }

    public FaultBody? Fault { get; set; }
}

internal sealed class QueryBody
{
    public List<TaxCodeBody>? TaxCode { get; set; }

    public List<AccountBody>? Account { get; set; }
}

internal sealed class TaxCodeBody
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public bool? Active { get; set; }

    public bool? Taxable { get; set; }
}

internal sealed class AccountBody
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? AccountType { get; set; }

    public string? AccountSubType { get; set; }

    public bool? Active { get; set; }
}

// QuickBooks 401 bodies come in lower case, so property names are matched case-insensitively.
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CompanyInfoEnvelope))]
[JsonSerializable(typeof(PreferencesEnvelope))]
[JsonSerializable(typeof(QueryEnvelope))]
[JsonSerializable(typeof(QuickBooksCompanyProfile))]
internal sealed partial class DirectoryJsonContext : JsonSerializerContext;
