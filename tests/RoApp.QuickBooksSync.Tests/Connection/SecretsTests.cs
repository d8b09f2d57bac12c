using RoApp.QuickBooksSync.Connection;
using RoApp.QuickBooksSync.Tests.TestSupport;

namespace RoApp.QuickBooksSync.Tests.Connection;

public sealed class SecretsTests : IDisposable
{
    private readonly FakeIntuit _intuit = new();
    private readonly ConnectionHarness _app;

    public SecretsTests() => _app = new ConnectionHarness(_intuit);

    public void Dispose()
    {
        _app.Dispose();
        _intuit.Dispose();
    }

    [Fact]
    public async Task A_log_capture_and_every_error_message_hold_no_secret()
    {
        var messages = new List<string>();
        await _app.ConnectAsync("c1", "realm-1");
        _app.Time.Advance(TimeSpan.FromHours(1));
        await _app.Tokens.GetAccessTokenAsync("realm-1", CancellationToken.None);
        await _app.ConnectAsync("c1", "realm-2");
        _intuit.RevokeRealm("realm-2");
        _app.Time.Advance(TimeSpan.FromHours(1));
        messages.Add((await Assert.ThrowsAsync<QuickBooksConnectionException>(() => _app.Tokens.GetAccessTokenAsync("realm-2", CancellationToken.None).AsTask())).ToString());
        var begin = await _app.Connector.BeginConnectAsync("c1", CancellationToken.None);
        messages.Add((await Assert.ThrowsAsync<QuickBooksConnectionException>(() => _app.Connector.CompleteConnectAsync("c1", "wrong-code", "realm-2", begin.State, CancellationToken.None).AsTask())).ToString());
        _intuit.FailRevoke = true;
        messages.Add((await _app.Connector.DisconnectAsync("c1", CancellationToken.None)).ToString());

        var everything = string.Join("\n", _app.Logs.Lines.Concat(messages));
        Assert.Contains("invalid_grant", everything, StringComparison.Ordinal);
        Assert.True(_app.Logs.Lines.Count > 5, "the flow logged");
        foreach (var secret in _intuit.Secrets.Append(ConnectionHarness.Key))
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Tokens_protected_by_the_default_protector_cannot_be_read_with_another_key_or_after_tampering()
    {
        using var app2 = new ConnectionHarness(_intuit, configure: o => o.Connection.TokenEncryptionKey = Convert.ToBase64String(new byte[32]));
        var bytes = _app.Get<ITokenProtector>().Protect("secret tokens"u8);

        var otherKey = Assert.Throws<QuickBooksConnectionException>(() => app2.Get<ITokenProtector>().Unprotect(bytes));
        bytes[^1] ^= 1;
        var tampered = Assert.Throws<QuickBooksConnectionException>(() => _app.Get<ITokenProtector>().Unprotect(bytes));

        Assert.Equal(ConnectionFailure.TokensUnreadable, otherKey.Failure);
        Assert.Contains("TokenEncryptionKey", otherKey.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionFailure.TokensUnreadable, tampered.Failure);
    }

    [Fact]
    public void The_default_protector_round_trips_and_never_repeats_a_ciphertext()
    {
        var protector = _app.Get<ITokenProtector>();

        var a = protector.Protect("same"u8);
        var b = protector.Protect("same"u8);

        Assert.NotEqual(a, b);
        Assert.Equal("same"u8.ToArray(), protector.Unprotect(a));
    }

    [Fact]
    public async Task The_default_protector_is_safe_to_use_from_many_threads_at_once()
    {
        var protector = _app.Get<ITokenProtector>();

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
        {
            var plain = System.Text.Encoding.UTF8.GetBytes($"tokens-{i}");
            for (var n = 0; n < 200; n++)
            {
                if (!protector.Unprotect(protector.Protect(plain)).AsSpan().SequenceEqual(plain))
                {
                    return false;
                }
            }

            return true;
        })));

        Assert.All(results, Assert.True);
    }
}
