using System.Buffers.Binary;
using System.Text;

namespace Zsl.Torch.NativeFix;

/// <summary>One version need of an ELF file: a library (vn_file) and a version (vna_name) with its flags.</summary>
public sealed record VersionNeed(string File, string Version, ushort Flags, long FlagsOffset)
{
    public const ushort Weak = 0x2; // VER_FLG_WEAK
    public bool IsWeak => (Flags & Weak) != 0;
}

/// <summary>
/// Reads and edits the version-need table (<c>.gnu.version_r</c>, SHT_GNU_verneed) of a 64-bit
/// little-endian ELF file. TorchSharp-cpu 0.107.0's libLibTorchSharp.so needs GLIBCXX_3.4.32 (GCC 13) for
/// <c>std::ios_base_library_init()</c>, which it references but never calls; Debian 12's libstdc++ stops at
/// 3.4.30. A weak need lets the dynamic loader accept the library when the version is absent.
/// </summary>
public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;

    public static IReadOnlyList<VersionNeed> Read(ReadOnlySpan<byte> elf, string path = "ELF file")
    {
        if (elf.Length < 64 || !elf[..4].SequenceEqual((ReadOnlySpan<byte>)[0x7f, (byte)'E', (byte)'L', (byte)'F']))
            throw new InvalidDataException($"{path}: expected an ELF file (magic 7f 45 4c 46)");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException($"{path}: expected a 64-bit little-endian ELF file (EI_CLASS 2, EI_DATA 1), found {elf[4]}, {elf[5]}");
        var sectionTable = checked((int)U64(elf, 0x28));
        var sectionSize = U16(elf, 0x3A);
        var sectionCount = U16(elf, 0x3C);
        var needs = new List<VersionNeed>();
        for (var s = 0; s < sectionCount; s++)
        {
            var header = sectionTable + s * sectionSize;
            if (U32(elf, header + 4) != ShtGnuVerneed) continue;
            var offset = checked((int)U64(elf, header + 0x18));
            var count = U32(elf, header + 0x2C); // sh_info: number of Verneed entries
            var strings = sectionTable + (int)U32(elf, header + 0x28) * sectionSize; // sh_link: the string table
            var stringsOffset = checked((int)U64(elf, strings + 0x18));
            for (var n = 0; n < count; n++)
            {
                var file = CString(elf, stringsOffset + (int)U32(elf, offset + 4));
                var auxCount = U16(elf, offset + 2);
                var aux = offset + (int)U32(elf, offset + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = CString(elf, stringsOffset + (int)U32(elf, aux + 8));
                    needs.Add(new VersionNeed(file, name, U16(elf, aux + 4), aux + 4));
                    var next = (int)U32(elf, aux + 12);
                    if (next == 0) break;
                    aux += next;
                }
                var nextNeed = (int)U32(elf, offset + 12);
                if (nextNeed == 0) break;
                offset += nextNeed;
            }
        }
        return needs;
    }

    /// <summary>
    /// Marks <paramref name="version"/> weak in <paramref name="path"/>. The patched file is written beside the
    /// original and renamed over it, so a hard link to a package cache is replaced, never edited through.
    /// Returns false when the file has no such need or it is already weak (nothing written).
    /// </summary>
    public static bool MarkWeak(string path, string version)
    {
        var bytes = File.ReadAllBytes(path);
        var needs = Read(bytes, path).Where(n => n.Version == version).ToArray();
        if (needs.Length == 0 || needs.All(n => n.IsWeak)) return false;
        foreach (var need in needs)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan((int)need.FlagsOffset), (ushort)(need.Flags | VersionNeed.Weak));
        var temp = path + ".weaken-tmp";
        File.WriteAllBytes(temp, bytes);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
        File.Move(temp, path, overwrite: true);
        return true;
    }

    private static ushort U16(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);
    private static uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);
    private static ulong U64(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt64LittleEndian(b[at..]);

    private static string CString(ReadOnlySpan<byte> b, int at)
    {
        var end = b[at..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(b.Slice(at, end < 0 ? b.Length - at : end));
    }
}
