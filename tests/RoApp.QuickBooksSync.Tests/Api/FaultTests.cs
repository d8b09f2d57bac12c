using RoApp.QuickBooksSync.Api.Errors;
using RoApp.QuickBooksSync.Api.Models;

namespace RoApp.QuickBooksSync.Tests.Api;

public sealed class FaultTests : IDisposable
{
    private readonly FakeQuickBooksServer _server = new();
    private readonly TestClient _test;

    public FaultTests() => _test = new TestClient(_server);

    public void Dispose()
    {
        _test.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task Stale_object_fails_with_5010_as_its_own_error_and_is_not_retried()
    {
        _server.Answer(Payloads.Fault("5010", "Stale Object Error", detail: "You and Jane edited the same thing"), 400);

        var error = await Assert.ThrowsAsync<QuickBooksStaleObjectException>(() =>
            _test.Client.SparseUpdateAsync(TestClient.Realm, new Invoice { Id = "130", SyncToken = "1", PrivateNote = "x" }));

        Assert.Single(_server.Requests);
        Assert.Equal("5010", error.Code);
        Assert.Equal("Stale Object Error", error.FaultMessage);
        Assert.Equal("You and Jane edited the same thing", error.Detail);
        Assert.Equal("ValidationFault", error.FaultType);
        Assert.Equal(400, error.HttpStatusCode);
        Assert.Equal(TestClient.Realm, error.RealmId);
        Assert.Equal("tid-1", error.IntuitTid);
        Assert.Contains("SyncToken", error.Message, StringComparison.Ordinal);
        Assert.Contains("tid-1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6240", "Duplicate Name Exists Error", 400, typeof(QuickBooksDuplicateNameException))]
    [InlineData("610", "Object Not Found", 400, typeof(QuickBooksObjectNotFoundException))]
    [InlineData("6140", "Duplicate Document Number Error", 400, typeof(QuickBooksDuplicateDocumentNumberException))]
    [InlineData("6210", "Duplicate Document Number Error", 400, typeof(QuickBooksDuplicateDocumentNumberException))]
    [InlineData("6000", "A business validation error has occurred", 400, typeof(QuickBooksValidationException))]
    [InlineData("2020", "Required param missing", 400, typeof(QuickBooksValidationException))]
    [InlineData("6190", "Invalid Company Status", 400, typeof(QuickBooksSubscriptionEndedException))]
    [InlineData("3100", "ApplicationAuthorizationFailed", 403, typeof(QuickBooksAuthorizationException))]
    [InlineData("120", "Authorization Failure", 403, typeof(QuickBooksAuthorizationException))]
    public async Task Faults_become_the_typed_exception_callers_handle(string code, string message, int status, Type expected)
    {
        _server.Answer(Payloads.Fault(code, message, element: "DocNumber"), status);

        var error = await Assert.ThrowsAnyAsync<QuickBooksApiException>(() =>
            _test.Client.CreateAsync(TestClient.Realm, new Invoice { CustomerRef = new QuickBooksRef("1") }, "w-1"));

        Assert.IsType(expected, error);
        Assert.Equal(code, error.Code);
        Assert.Equal("DocNumber", error.Element);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task A_fault_inside_an_HTTP_200_is_an_error()
    {
        _server.Answer(Payloads.Fault("6240", "Duplicate Name Exists Error", detail: "The name supplied already exists. : Id=58"));

        var error = await Assert.ThrowsAsync<QuickBooksDuplicateNameException>(() =>
            _test.Client.CreateAsync(TestClient.Realm, new Customer { DisplayName = "O'Brien & Sons" }, "c-1"));

        Assert.Equal(200, error.HttpStatusCode);
        Assert.Contains("Id=58", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lower_case_401_refreshes_the_token_once_then_fails_as_authentication()
    {
        _server.Answer(Payloads.LowerCaseAuthenticationFault, 401);

        var error = await Assert.ThrowsAsync<QuickBooksAuthenticationException>(() =>
            _test.Client.ReadAsync<Invoice>(TestClient.Realm, "130"));

        Assert.Equal("3200", error.Code);
        Assert.Equal("AUTHENTICATION", error.FaultType);
        Assert.Equal("Token expired", error.Detail);
        Assert.Equal(1, _test.Tokens.Refreshes);
        Assert.Equal(["token-1"], _test.Tokens.Rejected);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], _server.Requests.Select(r => r.Authorization));
        Assert.DoesNotContain("token-", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_followed_by_success_after_refresh_returns_the_result()
    {
        _server.Answer(r => r.Authorization == "Bearer token-1"
            ? Reply.Json(Payloads.LowerCaseAuthenticationFault, 401)
            : Reply.Json(Payloads.InvoiceWithSubtotal));

        var invoice = await _test.Client.ReadAsync<Invoice>(TestClient.Realm, "130");

        Assert.Equal("130", invoice.Id);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_non_json_error_page_is_judged_by_its_status()
    {
        _server.Answer(_ => new Reply(400, "<html>Bad request</html>"));

        var error = await Assert.ThrowsAsync<QuickBooksValidationException>(() => _test.Client.ReadAsync<Invoice>(TestClient.Realm, "1"));

        Assert.Equal(400, error.HttpStatusCode);
        Assert.Contains("no fault details", error.Message, StringComparison.Ordinal);
    }
}
