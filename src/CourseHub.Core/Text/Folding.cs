using System.Globalization;
using System.Text;

namespace CourseHub.Core.Text;

/// <summary>Text compared or turned into names regardless of capitals and accents.</summary>
public static class Folding
{
    /// <summary>Lower case without accents ("Óscar Muñoz" → "oscar munoz"); other letters stay as they are.</summary>
    public static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) folded.Append(char.ToLowerInvariant(c));
        }
        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}
