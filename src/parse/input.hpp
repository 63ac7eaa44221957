#pragma once
// Reading input files: bytes to UTF-8 text, and telling formats apart.
#include <optional>
#include <string>
#include <string_view>

#include "ir/rule.hpp"

namespace fwlint {

struct DecodedText {
    std::string text;      // UTF-8, BOM removed; LF and CRLF kept, a lone CR made LF
    std::string encoding;  // "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE", "CP850", "CP437", "Windows-1252"
};

// Order (FORMATS.md 1.4): BOM (UTF-8, UTF-16LE, UTF-16BE), UTF-16LE or BE without
// BOM, valid UTF-8, then the Windows code page whose letters fit best (CP850,
// CP437, Windows-1252). Everything becomes UTF-8 and every line keeps its number.
DecodedText decode_text(std::string bytes);

// nullopt when the file cannot be read; `error` says why.
std::optional<std::string> read_file_bytes(const std::string& path, std::string& error);

// "iptables" when the text looks like iptables-save / ip6tables-save output,
// "netsh-show" for `netsh advfirewall firewall show rule` / `show allprofiles`
// output, "ios", "asa" or "nxos" for a Cisco configuration, else "".
std::string detect_format(std::string_view text);

// Why a file that no reader takes cannot be read ("binary policy export not
// supported..."), or "" when nothing specific is known.
std::string unsupported_input(std::string_view text);

// Parses `text` as `format` ("iptables", "netsh-show", "reg", "reg-query", "ios", "asa", "nxos"). Unknown format: nullopt.
// The text is moved into the result, where the rules' original lines view it.
std::optional<ParsedInput> parse_input(std::string text, const std::string& format, const std::string& file);

}  // namespace fwlint
