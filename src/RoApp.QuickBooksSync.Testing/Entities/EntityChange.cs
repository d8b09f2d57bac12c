namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>One change made to one entity, as webhooks report it.</summary>
/// <param name="RealmId">The company.</param>
/// <param name="Entity">QuickBooks entity name, e.g. <c>Invoice</c>.</param>
/// <param name="Id">Entity id.</param>
/// <param name="Operation"><c>Create</c>, <c>Update</c>, <c>Delete</c> or <c>Void</c>.</param>
/// <param name="Time">When it happened on the simulator clock.</param>
internal sealed record EntityChange(string RealmId, string Entity, string Id, string Operation, DateTimeOffset Time);
