using System.Text;
using RoApp.QuickBooksSync.Testing.Entities;

namespace RoApp.QuickBooksSync.Testing.Query;

internal enum TokenKind
{
    Word,
    String,
    Number,
    Operator,
    Comma,
    OpenParen,
    CloseParen,
    Star,
    End,
}

internal readonly record struct Token(TokenKind Kind, string Text, int Position);

/// <summary>Splits a QuickBooks query statement into tokens. Unknown characters are a 400 fault.</summary>
internal static class QueryTokenizer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, text[start..i], start));
            }
            else if (char.IsDigit(c) || (c == '-' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                i++;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Number, text[start..i], start));
            }
            else if (c == '\'')
            {
                tokens.Add(new Token(TokenKind.String, ReadString(text, ref i), start));
            }
            else if (c is '=' or '<' or '>' or '!')
            {
                i++;
                if (i < text.Length && (text[i] == '=' || (c == '<' && text[i] == '>')))
                {
                    i++;
                }

                var op = text[start..i];
                if (op is "!")
                {
                    throw QuickBooksFault.Parse($"Unexpected '!' at position {start}.");
                }

                tokens.Add(new Token(TokenKind.Operator, op, start));
            }
            else
            {
                i++;
                tokens.Add(c switch
                {
                    ',' => new Token(TokenKind.Comma, ",", start),
                    '(' => new Token(TokenKind.OpenParen, "(", start),
                    ')' => new Token(TokenKind.CloseParen, ")", start),
                    '*' => new Token(TokenKind.Star, "*", start),
                    _ => throw QuickBooksFault.Parse($"Unexpected character '{c}' at position {start}."),
                });
            }
        }

        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    // QuickBooks escapes a quote inside a literal with a backslash (O\'Brien); a doubled quote is accepted too.
    private static string ReadString(string text, ref int i)
    {
        var start = i;
        i++;
        var value = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                value.Append(text[i + 1]);
                i += 2;
                continue;
            }

            if (c == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    value.Append('\'');
                    i += 2;
                    continue;
                }

                i++;
                return value.ToString();
            }

            value.Append(c);
            i++;
        }

        throw QuickBooksFault.Parse($"The string literal starting at position {start} is not closed.");
    }
}
