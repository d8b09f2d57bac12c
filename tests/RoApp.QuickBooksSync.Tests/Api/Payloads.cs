namespace RoApp.QuickBooksSync.Tests.Api;

/// <summary>Answers shaped like QuickBooks Online's (values invented).</summary>
internal static class Payloads
{
    public const string InvoiceWithSubtotal = """
        {
          "Invoice": {
            "Id": "130", "SyncToken": "0", "domain": "QBO", "sparse": false,
            "CustomerRef": {"value": "58", "name": "O'Brien & Sons"},
            "DocNumber": "1037", "TxnDate": "2026-02-27", "DueDate": "2026-03-29",
            "TotalAmt": 362.07, "Balance": 362.07,
            "PrivateNote": "From RO App",
            "AllowOnlineACHPayment": true,
            "TxnTaxDetail": {"TxnTaxCodeRef": {"value": "2"}, "TotalTax": 26.82, "TaxLine": [{"Amount": 26.82, "DetailType": "TaxLineDetail", "TaxLineDetail": {"TaxRateRef": {"value": "3"}, "PercentBased": true, "TaxPercent": 8, "NetAmountTaxable": 335.25}}]},
            "Line": [
              {"Id": "1", "LineNum": 1, "Amount": 275.0, "DetailType": "SalesItemLineDetail", "Description": "Screen replacement",
               "SalesItemLineDetail": {"ItemRef": {"value": "5", "name": "Repair"}, "Qty": 1, "UnitPrice": 275, "TaxCodeRef": {"value": "TAX"}}},
              {"Id": "2", "LineNum": 2, "Amount": 60.25, "DetailType": "SalesItemLineDetail",
               "SalesItemLineDetail": {"ItemRef": {"value": "6"}, "Qty": 2.5, "UnitPrice": 24.1, "TaxCodeRef": {"value": "TAX"}}},
              {"Amount": 335.25, "DetailType": "SubTotalLineDetail", "SubTotalLineDetail": {}}
            ],
            "MetaData": {"CreateTime": "2026-02-27T10:33:39-08:00", "LastUpdatedTime": "2026-02-27T10:35:08-08:00"}
          },
          "time": "2026-02-27T10:35:08.123-08:00"
        }
        """;

    public static string Fault(string code, string message, string type = "ValidationFault", string? detail = null, string? element = null) =>
        $$$"""{"Fault":{"Error":[{"Message":"{{{message}}}","Detail":"{{{detail ?? message}}}","code":"{{{code}}}","element":"{{{element ?? string.Empty}}}"}],"type":"{{{type}}}"},"time":"2026-03-01T09:00:00.000-08:00"}""";

    public const string LowerCaseAuthenticationFault =
        """{"fault":{"error":[{"message":"message=AuthenticationFailed; errorCode=003200; statusCode=401","detail":"Token expired","code":"3200"}],"type":"AUTHENTICATION"},"time":"2026-03-01T09:00:00.000-08:00"}""";

    public static string Customer(string id, string name) =>
        $$$"""{"Id":"{{{id}}}","SyncToken":"0","DisplayName":"{{{name}}}","Active":true,"MetaData":{"CreateTime":"2026-01-01T00:00:00Z","LastUpdatedTime":"2026-01-01T00:00:00Z"}}""";
}
