using System.Text.Json.Nodes;

namespace RoApp.QuickBooksSync.Testing.Entities;

/// <summary>A QuickBooks fault answer, thrown inside the simulator and turned into the wire envelope.</summary>
internal sealed class QuickBooksFault : Exception
{
    public QuickBooksFault(int httpStatus, string code, string message, string detail, string? element = null, string type = "ValidationFault")
        : base(message)
    {
        HttpStatus = httpStatus;
        Code = code;
        Detail = detail;
        Element = element;
        Type = type;
    }

    public int HttpStatus { get; }

    public string Code { get; }

    public string Detail { get; }

    public string? Element { get; }

    public string Type { get; }

    /// <summary>The <c>Fault</c> object (without the outer envelope), as used in batch item answers too.</summary>
    public JsonObject ToFaultObject()
    {
        var error = Json.Object();
        error["Message"] = Message;
        error[nameof(Detail)] = Detail;
        error["code"] = Code;
        if (Element is not null)
        {
            error["element"] = Element;
        }

        var fault = Json.Object();
        fault["Error"] = new JsonArray(error);
        fault["type"] = Type;
        return fault;
    }

    public static QuickBooksFault Required(string element) => new(
        400, "2020", "Required param missing, need to supply the required value for the API",
        $"Required parameter {element} is missing in the request", element);

    public static QuickBooksFault NotFound(string entity, string id) => new(
        400, "610", "Object Not Found",
        $"Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. ({entity} {id})");

    /// <summary>A reference to an object that does not exist or was made inactive, as QuickBooks answers it (2500, naming the element).</summary>
    public static QuickBooksFault InvalidReference(string element, string entity, string id, bool inactive) => new(
        400, "2500", "Invalid Reference Id",
        $"Invalid Reference Id : {element} names {entity} {id}, which {(inactive ? "has been made inactive" : "does not exist")}.", element);

    public static QuickBooksFault Stale(string entity, string id, string sent, string current) => new(
        400, "5010", "Stale Object Error",
        $"Stale Object Error : You and another user were working on the same thing. {entity} {id} has SyncToken {current}, the request sent {sent}. Read it again and retry.");

    public static QuickBooksFault DuplicateName(string name, string existingId) => new(
        400, "6240", "Duplicate Name Exists Error",
        $"The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name. Id={existingId}", "DisplayName");

    public static QuickBooksFault DuplicateDocNumber(string number) => new(
        400, "6140", "Duplicate Document Number Error",
        $"Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber={number}", "DocNumber");

    public static QuickBooksFault Deposited(string entity, string id) => new(
        400, "6540", "Deposited Transaction cannot be changed",
        $"This transaction has been deposited. If you want to change or delete it, you must edit the deposit it appears on and remove it first. ({entity} {id})");

    public static QuickBooksFault Business(string detail, string? element = null) => new(
        400, "6000", "A business validation error has occurred while processing your request", $"Business Validation Error: {detail}", element);

    public static QuickBooksFault Invalid(string detail, string? element = null) => new(
        400, "2010", "Request has invalid or unsupported property", detail, element);

    public static QuickBooksFault Parse(string detail) => new(
        400, "4000", "Error parsing query", $"QueryParserError: {detail}", null, "ValidationFault");

    public static QuickBooksFault System(string detail) => new(
        500, "10000", "An application error has occurred while processing your request", $"System Failure Error: {detail}", null, "SystemFault");

    public static QuickBooksFault Unavailable() => new(
        503, "10000", "Service Unavailable", "The service is temporarily unavailable. Try again later.", null, "SystemFault");

    public static QuickBooksFault Throttled() => new(
        429, "3001", "message=ThrottleExceeded; errorCode=003001; statusCode=429", "The request limit was reached. Wait and try again.", null, "SERVICE");

    public static QuickBooksFault UnsupportedOperation(string entity, string operation) => new(
        400, "500", "Unsupported Operation", $"Operation {operation} is not supported for {entity}.");
}
