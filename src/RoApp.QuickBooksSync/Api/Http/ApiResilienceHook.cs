namespace RoApp.QuickBooksSync.Api.Http;

/// <summary>A host's addition to the API transport's resilience pipeline (see <c>ConfigureApiResilience</c>).</summary>
internal sealed record ApiResilienceHook(Action<Polly.ResiliencePipelineBuilder> Configure);
