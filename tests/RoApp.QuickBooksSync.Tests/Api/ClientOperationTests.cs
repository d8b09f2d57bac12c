using RoApp.QuickBooksSync.Api;
using System.Text.Json;
using System.Text.Json.Nodes;
using RoApp.QuickBooksSync.Api.Models;

namespace RoApp.QuickBooksSync.Tests.Api;

public sealed class ClientOperationTests : IDisposable
{
    private readonly FakeQuickBooksServer _server = new();
    private readonly TestClient _test;

    public ClientOperationTests() => _test = new TestClient(_server);

    public void Dispose()
    {
        _test.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Create_posts_the_invoice_with_minorversion_requestid_token_and_json_body()
    {
        _server.Answer(Payloads.InvoiceWithSubtotal);
        var invoice = new Invoice
        {
            CustomerRef = new QuickBooksRef("58"),
            DocNumber = "1037",
            TxnDate = new DateOnly(2026, 2, 27),
            Lines =
            [
                new InvoiceLine
                {
                    Amount = 275m,
                    DetailType = InvoiceLine.SalesItemLineDetailType,
                    SalesItemLineDetail = new SalesItemLineDetail { ItemRef = new QuickBooksRef("5"), Qty = 1, UnitPrice = 275m, TaxCodeRef = new QuickBooksRef("TAX") },
                },
            ],
        };

        var created = await _test.Client.CreateAsync(TestClient.Realm, invoice, "roapp-c1-inv42-g1");

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/v3/company/{TestClient.Realm}/invoice", request.Path);
        Assert.Equal("75", request.Query["minorversion"]);
        Assert.Equal("roapp-c1-inv42-g1", request.RequestId);
        Assert.Equal("Bearer token-1", request.Authorization);
        Assert.Contains("application/json", request.Accept, StringComparison.Ordinal);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("58", (string?)body["CustomerRef"]!["value"]);
        Assert.Equal("2026-02-27", (string?)body["TxnDate"]);
        Assert.Equal(275m, (decimal)body["Line"]![0]!["SalesItemLineDetail"]!["UnitPrice"]!);
        Assert.Null(body["Id"]);
        Assert.Null(body["sparse"]);
        Assert.Equal("130", created.Id);
        Assert.Equal("0", created.SyncToken);
    }

    [Fact]
    public async Task Invoice_answer_is_parsed_with_money_dates_and_a_recognisable_subtotal_line()
    {
        _server.Answer(Payloads.InvoiceWithSubtotal);

        var invoice = await _test.Client.ReadAsync<Invoice>(TestClient.Realm, "130");

        var request = Assert.Single(_server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/v3/company/{TestClient.Realm}/invoice/130", request.Path);
        Assert.Null(request.RequestId);
        Assert.Equal(362.07m, invoice.TotalAmt);
        Assert.Equal(new DateOnly(2026, 3, 29), invoice.DueDate);
        Assert.Equal(new DateTimeOffset(2026, 2, 27, 10, 35, 8, TimeSpan.FromHours(-8)), invoice.MetaData!.LastUpdatedTime);
        Assert.Equal("O'Brien & Sons", invoice.CustomerRef!.Name);
        Assert.Equal(3, invoice.Lines!.Count);
        Assert.Equal(2.5m, invoice.Lines[1].SalesItemLineDetail!.Qty);
        Assert.Equal([false, false, true], invoice.Lines.Select(l => l.IsSubtotal));
        Assert.Equal(26.82m, invoice.TxnTaxDetail!.TotalTax);
    }

    [Fact]
    public async Task Sparse_update_sends_sparse_true_and_only_the_fields_set()
    {
        _server.Answer(Payloads.InvoiceWithSubtotal);

        await _test.Client.SparseUpdateAsync(TestClient.Realm, new Invoice { Id = "130", SyncToken = "3", DueDate = new DateOnly(2026, 4, 1) }, "upd-1");

        var body = JsonNode.Parse(Assert.Single(_server.Requests).Body)!.AsObject();
        Assert.Equal(["DueDate", "Id", "SyncToken", "sparse"], body.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(4, body.Count);
        Assert.True((bool)body["sparse"]!);
        Assert.Equal("upd-1", _server.Requests[0].RequestId);
    }

    [Fact]
    public async Task Full_update_sends_back_fields_the_library_does_not_model()
    {
        _server.Answer(Payloads.InvoiceWithSubtotal);
        var invoice = await _test.Client.ReadAsync<Invoice>(TestClient.Realm, "130");
        invoice.PrivateNote = "Changed";

        await _test.Client.FullUpdateAsync(TestClient.Realm, invoice);

        var body = JsonNode.Parse(_server.Requests[1].Body)!;
        Assert.True((bool)body["AllowOnlineACHPayment"]!);
        Assert.Equal("QBO", (string?)body["domain"]);
        Assert.Equal("Changed", (string?)body["PrivateNote"]);
        Assert.Null(body["sparse"]);
        Assert.NotNull(_server.Requests[1].RequestId);
    }

    [Fact]
    public async Task Delete_posts_operation_delete_with_id_and_sync_token()
    {
        _server.Answer("""{"Invoice":{"status":"Deleted","domain":"QBO","Id":"130"},"time":"2026-03-01T09:00:00Z"}""");

        var deletion = await _test.Client.DeleteAsync<Invoice>(TestClient.Realm, "130", "4", "del-130");

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/v3/company/{TestClient.Realm}/invoice", request.Path);
        Assert.Equal("delete", request.Query["operation"]);
        Assert.Equal("del-130", request.RequestId);
        Assert.Equal("""{"Id":"130","SyncToken":"4"}""", request.Body);
        Assert.Equal(new("Invoice", "130", null), deletion);
    }

    [Fact]
    public async Task Void_invoice_posts_operation_void()
    {
        _server.Answer(Payloads.InvoiceWithSubtotal);

        await _test.Client.VoidInvoiceAsync(TestClient.Realm, "130", "4", "void-130");

        var request = Assert.Single(_server.Requests);
        Assert.Equal($"/v3/company/{TestClient.Realm}/invoice", request.Path);
        Assert.Equal("void", request.Query["operation"]);
        Assert.Equal("""{"Id":"130","SyncToken":"4"}""", request.Body);
    }

    [Fact]
    public async Task Void_payment_posts_a_sparse_update_with_include_void()
    {
        _server.Answer("""{"Payment":{"Id":"77","SyncToken":"2","TotalAmt":0,"CustomerRef":{"value":"58"}}}""");

        var payment = await _test.Client.VoidPaymentAsync(TestClient.Realm, "77", "1");

        var request = Assert.Single(_server.Requests);
        Assert.Equal($"/v3/company/{TestClient.Realm}/payment", request.Path);
        Assert.Equal("update", request.Query["operation"]);
        Assert.Equal("void", request.Query["include"]);
        Assert.Equal("""{"Id":"77","SyncToken":"1","sparse":true}""", request.Body);
        Assert.NotNull(request.RequestId);
        Assert.Equal(0m, payment.TotalAmt);
    }

    [Fact]
    public async Task Payment_applied_to_an_invoice_round_trips_its_linked_transaction()
    {
        _server.Answer("""{"Payment":{"Id":"77","SyncToken":"0","TotalAmt":40.0,"UnappliedAmt":0,"TxnDate":"2026-03-01","CustomerRef":{"value":"58"},"Line":[{"Amount":40.0,"LinkedTxn":[{"TxnId":"130","TxnType":"Invoice"}]}]}}""");
        var payment = new Payment
        {
            CustomerRef = new QuickBooksRef("58"),
            TotalAmt = 40m,
            Lines = [new PaymentLine { Amount = 40m, LinkedTxns = [new LinkedTxn { TxnId = "130", TxnType = "Invoice" }] }],
        };

        var created = await _test.Client.CreateAsync(TestClient.Realm, payment, "pay-1");

        Assert.Equal($"/v3/company/{TestClient.Realm}/payment", _server.Requests[0].Path);
        var body = JsonNode.Parse(_server.Requests[0].Body)!;
        Assert.Equal("130", (string?)body["Line"]![0]!["LinkedTxn"]![0]!["TxnId"]);
        Assert.Equal("130", created.Lines![0].LinkedTxns![0].TxnId);
        Assert.Equal(new DateOnly(2026, 3, 1), created.TxnDate);
    }

    [Fact]
    public async Task Company_info_and_preferences_are_read_from_their_own_paths()
    {
        _server.Answer(r => r.Path.EndsWith("/preferences", StringComparison.Ordinal)
            ? Reply.Json("""{"Preferences":{"Id":"1","SyncToken":"0","SalesFormsPrefs":{"CustomTxnNumbers":true},"CurrencyPrefs":{"MultiCurrencyEnabled":false,"HomeCurrency":{"value":"USD"}},"TaxPrefs":{"UsingSalesTax":true,"PartnerTaxEnabled":true}}}""")
            : Reply.Json("""{"CompanyInfo":{"Id":"1","SyncToken":"0","CompanyName":"Fix It Fast","Country":"US"}}"""));

        var info = await _test.Client.GetCompanyInfoAsync(TestClient.Realm);
        var preferences = await _test.Client.GetPreferencesAsync(TestClient.Realm);

        Assert.Equal($"/v3/company/{TestClient.Realm}/companyinfo/{TestClient.Realm}", _server.Requests[0].Path);
        Assert.Equal($"/v3/company/{TestClient.Realm}/preferences", _server.Requests[1].Path);
        Assert.Equal("US", info.Country);
        Assert.True(preferences.SalesFormsPrefs!.CustomTxnNumbers);
        Assert.True(preferences.TaxPrefs!.PartnerTaxEnabled);
        Assert.Equal("USD", preferences.CurrencyPrefs!.HomeCurrency!.Value);
    }

    [Fact]
    public async Task Tax_codes_and_accounts_are_read_through_queries()
    {
        _server.Answer(r => r.Query["query"].Contains("FROM TaxCode", StringComparison.Ordinal)
            ? Reply.Json("""{"QueryResponse":{"TaxCode":[{"Id":"2","SyncToken":"0","Name":"California","Active":true,"Taxable":true,"SalesTaxRateList":{"TaxRateDetail":[{"TaxRateRef":{"value":"3"},"TaxTypeApplicable":"TaxOnAmount","TaxOrder":0}]}}],"startPosition":1,"maxResults":1}}""")
            : Reply.Json("""{"QueryResponse":{"Account":[{"Id":"4","SyncToken":"0","Name":"Undeposited Funds","AccountType":"Other Current Asset","AccountSubType":"UndepositedFunds"}],"startPosition":1,"maxResults":1}}"""));

        var taxCode = await _test.Client.FindTaxCodeByNameAsync(TestClient.Realm, "California");
        var undeposited = await _test.Client.FindUndepositedFundsAccountAsync(TestClient.Realm);

        Assert.Equal("3", taxCode!.SalesTaxRateList!.TaxRateDetails![0].TaxRateRef!.Value);
        Assert.Equal("SELECT * FROM TaxCode WHERE Name = 'California'", _server.Requests[0].Query["query"]);
        Assert.Equal("4", undeposited!.Id);
        Assert.Equal("SELECT * FROM Account WHERE AccountSubType = 'UndepositedFunds'", _server.Requests[1].Query["query"]);
    }

    [Fact]
    public async Task Accounts_and_tax_codes_are_listed_across_pages()
    {
        _server.Answer(r => r.Query["query"].Contains("FROM TaxCode", StringComparison.Ordinal)
            ? Reply.Json("""{"QueryResponse":{"TaxCode":[{"Id":"TAX","SyncToken":"0","Name":"TAX"},{"Id":"NON","SyncToken":"0","Name":"NON"}],"startPosition":1,"maxResults":2}}""")
            : Reply.Json("""{"QueryResponse":{"Account":[{"Id":"35","SyncToken":"0","Name":"Checking","AccountType":"Bank"}],"startPosition":1,"maxResults":1}}"""));

        var taxCodes = await _test.Client.ListTaxCodesAsync(TestClient.Realm);
        var all = await _test.Client.ListAccountsAsync(TestClient.Realm);
        var banks = await _test.Client.ListAccountsAsync(TestClient.Realm, Account.BankType);

        Assert.Equal(["TAX", "NON"], taxCodes.Select(t => t.Name));
        Assert.Equal("Checking", Assert.Single(all).Name);
        Assert.Single(banks);
        Assert.Equal(
            ["SELECT * FROM TaxCode STARTPOSITION 1 MAXRESULTS 1000", "SELECT * FROM Account STARTPOSITION 1 MAXRESULTS 1000", "SELECT * FROM Account WHERE AccountType = 'Bank' STARTPOSITION 1 MAXRESULTS 1000"],
            _server.Requests.Select(r => r.Query["query"]));
    }

    [Fact]
    public async Task A_write_without_a_caller_id_still_carries_a_requestid()
    {
        _server.Answer(Payloads.InvoiceWithSubtotal);

        await _test.Client.CreateAsync(TestClient.Realm, new Invoice { CustomerRef = new QuickBooksRef("58") });

        var requestId = Assert.Single(_server.Requests).RequestId;
        Assert.False(string.IsNullOrEmpty(requestId));
        Assert.True(requestId.Length <= 50);
    }

    [Fact]
    public async Task A_requestid_longer_than_50_characters_is_refused_before_sending()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            _test.Client.CreateAsync(TestClient.Realm, new Invoice(), new string('x', 51)));

        Assert.Contains("50", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void Unknown_fields_survive_a_serialisation_round_trip()
    {
        var json = """{"Id":"1","SyncToken":"0","DisplayName":"A","Notes":"keep me","Job":false,"ParentRef":{"value":"9"}}""";

        var customer = JsonSerializer.Deserialize(json, RoApp.QuickBooksSync.Api.Serialization.QuickBooksJsonContext.Default.Customer)!;
        var back = JsonNode.Parse(JsonSerializer.Serialize(customer, RoApp.QuickBooksSync.Api.Serialization.QuickBooksJsonContext.Default.Customer))!;

        Assert.Equal("keep me", (string?)back["Notes"]);
        Assert.False((bool)back["Job"]!);
        Assert.Equal("9", (string?)back["ParentRef"]!["value"]);
    }
}

public sealed class EntityPathTests : IDisposable
{
    private readonly FakeQuickBooksServer _server = new();
    private readonly TestClient _test;

    public EntityPathTests() => _test = new TestClient(_server);

    public void Dispose()
    {
        _test.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Every_entity_is_read_from_its_lower_case_path_and_parsed_from_its_envelope()
    {
        _server.Answer(request =>
        {
            var segment = request.Path.Split('/')[4];
            var name = segment switch
            {
                "taxcode" => "TaxCode",
                "taxrate" => "TaxRate",
                _ => char.ToUpperInvariant(segment[0]) + segment[1..],
            };
            return Reply.Json($$$"""{"{{{name}}}":{"Id":"7","SyncToken":"3"},"time":"2026-03-01T09:00:00Z"}""");
        });

        QuickBooksEntity[] read =
        [
            await _test.Client.ReadAsync<Invoice>(TestClient.Realm, "7"),
            await _test.Client.ReadAsync<Payment>(TestClient.Realm, "7"),
            await _test.Client.ReadAsync<Customer>(TestClient.Realm, "7"),
            await _test.Client.ReadAsync<Item>(TestClient.Realm, "7"),
            await _test.Client.ReadAsync<Account>(TestClient.Realm, "7"),
            await _test.Client.ReadAsync<TaxCode>(TestClient.Realm, "7"),
            await _test.Client.ReadAsync<TaxRate>(TestClient.Realm, "7"),
        ];

        Assert.Equal(
            ["invoice", "payment", "customer", "item", "account", "taxcode", "taxrate"],
            _server.Requests.Select(r => r.Path.Split('/')[4]));
        Assert.All(_server.Requests, r => Assert.Equal("75", r.Query["minorversion"]));
        Assert.All(read, e => Assert.Equal(("7", "3"), (e.Id, e.SyncToken)));
    }

    [Fact]
    public async Task Creating_a_customer_and_a_service_item_posts_to_their_paths()
    {
        _server.Answer(request => request.Path.EndsWith("/item", StringComparison.Ordinal)
            ? Reply.Json("""{"Item":{"Id":"21","SyncToken":"0","Name":"Screen repair","Type":"Service","IncomeAccountRef":{"value":"79"}}}""")
            : Reply.Json("""{"Customer":{"Id":"58","SyncToken":"0","DisplayName":"Ann Lee","PrimaryPhone":{"FreeFormNumber":"555-0100"}}}"""));

        var customer = await _test.Client.CreateAsync(TestClient.Realm, new Customer { DisplayName = "Ann Lee", GivenName = "Ann", FamilyName = "Lee", PrimaryPhone = new TelephoneNumber { FreeFormNumber = "555-0100" } }, "cust-1");
        var item = await _test.Client.CreateAsync(TestClient.Realm, new Item { Name = "Screen repair", Type = "Service", IncomeAccountRef = new QuickBooksRef("79") }, "item-1");

        Assert.Equal($"/v3/company/{TestClient.Realm}/customer", _server.Requests[0].Path);
        Assert.Equal("555-0100", (string?)JsonNode.Parse(_server.Requests[0].Body)!["PrimaryPhone"]!["FreeFormNumber"]);
        Assert.Equal($"/v3/company/{TestClient.Realm}/item", _server.Requests[1].Path);
        Assert.Equal("79", (string?)JsonNode.Parse(_server.Requests[1].Body)!["IncomeAccountRef"]!["value"]);
        Assert.Equal(("58", "21"), (customer.Id, item.Id));
    }
}
