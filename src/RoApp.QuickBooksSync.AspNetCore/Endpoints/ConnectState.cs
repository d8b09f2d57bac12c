using System.Buffers.Text;
using System.Text;

namespace RoApp.QuickBooksSync.AspNetCore.Endpoints;

/// <summary>
/// The OAuth <c>state</c> sent to Intuit: the company id (so that the callback, which Intuit's redirect brings
/// without the host's company context, knows whose connect it finishes) and the connector's own single-use state.
/// </summary>
/// <remarks>
/// The company part is only a pointer: the connector's state is unguessable, single-use and bound to the company
/// that started the connect, so a changed company part fails the connect like a forged state does.
/// </remarks>
internal static class ConnectState
{
    private const string Version = "q1";

    public static string Wrap(string companyId, string connectorState) =>
        $"{Version}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(companyId))}.{connectorState}";

    public static bool TryUnwrap(string? state, out string companyId, out string connectorState)
    {
        companyId = string.Empty;
        connectorState = string.Empty;
        if (string.IsNullOrEmpty(state))
        {
            return false;
        }

        var parts = state.Split('.', 3);
        if (parts.Length != 3 || parts[0] != Version || parts[2].Length == 0)
        {
            return false;
        }

        try
        {
            companyId = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1]));
        }
        catch (FormatException)
        {
            return false;
        }

        connectorState = parts[2];
        return companyId.Length > 0;
    }
}
