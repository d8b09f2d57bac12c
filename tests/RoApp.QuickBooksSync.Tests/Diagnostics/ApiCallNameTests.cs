using RoApp.QuickBooksSync.Api.Http;
using RoApp.QuickBooksSync.Diagnostics;

namespace RoApp.QuickBooksSync.Tests.Diagnostics;

public sealed class ApiCallNameTests
{
    [Theory]
    [InlineData("create Invoice", "invoice", "create", "Invoice")]
    [InlineData("read Invoice 130", "invoice/130", "read", "Invoice")]
    [InlineData("sparse update Invoice 130", "invoice", "update", "Invoice")]
    [InlineData("full update Customer 58", "customer", "update", "Customer")]
    [InlineData("delete Payment 9", "payment", "delete", "Payment")]
    [InlineData("void Invoice 130", "invoice", "void", "Invoice")]
    [InlineData("query TaxCode", "query", "query", "TaxCode")]
    [InlineData("count Invoice", "query", "count", "Invoice")]
    [InlineData("change data capture Invoice,Payment", "cdc", "cdc", "Invoice,Payment")]
    [InlineData("batch of 30", "batch", "batch", "Batch")]
    [InlineData("read Invoice-130", "invoice/130", "read", "other")]
    [InlineData("something new", "preferences", "other", "preferences")]
    [InlineData("something new", "weird/123", "other", "weird")]
    [InlineData("something new", "123", "other", "other")]
    public void Calls_are_named_by_operation_and_entity_without_ids(string operation, string path, string expectedOperation, string expectedEntity)
    {
        var request = new ApiRequest { Method = HttpMethod.Get, RealmId = "1", Path = path, Operation = operation };

        Assert.Equal(new ApiCallName(expectedOperation, expectedEntity), ApiCallName.Of(request));
    }
}
