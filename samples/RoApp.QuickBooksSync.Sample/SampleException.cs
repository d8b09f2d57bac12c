namespace RoApp.QuickBooksSync.Sample;

/// <summary>The sample cannot go on; the message says what went wrong and what to do.</summary>
public sealed class SampleException : Exception
{
    public SampleException()
    {
    }

    public SampleException(string message)
        : base(message)
    {
    }

    public SampleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
