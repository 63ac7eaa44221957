#include "parse/input.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "parse/cisco.hpp"
#include "parse/codepages.hpp"
#include "parse/diagnostic_cap.hpp"
#include "parse/iptables.hpp"
#include "parse/netsh_script.hpp"
#include "parse/powershell.hpp"
#include "parse/netsh_show.hpp"
#include "parse/registry.hpp"
#include "parse/registry_text.hpp"

namespace fwlint {

namespace {

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += char(c);
    } else if (c < 0x800) {
        out += char(0xC0 | (c >> 6));
        out += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += char(0xE0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    } else {
        out += char(0xF0 | (c >> 18));
        out += char(0x80 | ((c >> 12) & 0x3F));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    }
}

std::string utf16_to_utf8(std::string_view bytes, bool little_endian) {
    std::string out;
    out.reserve(bytes.size() / 2);
    auto unit = [&](std::size_t i) -> char16_t {
        auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
        return little_endian ? char16_t(a | (b << 8)) : char16_t((a << 8) | b);
    };
    for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
        char32_t c = unit(i);
        if (c >= 0xD800 && c <= 0xDBFF && i + 3 < bytes.size()) {
            char32_t low = unit(i + 2);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                i += 2;
            } else {
                c = 0xFFFD;  // unpaired surrogate: keep the position visible
            }
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        append_utf8(out, c);
    }
    return out;
}

}  // namespace

namespace {

// Old Mac line ends: a CR not followed by LF becomes LF, so every line keeps
// its number; CRLF stays (the readers take it as one line end).
void cr_to_lf(std::string& text) {
    for (std::size_t i = text.find('\r'); i != std::string::npos; i = text.find('\r', i + 1))
        if (i + 1 == text.size() || text[i + 1] != '\n') text[i] = '\n';
}

// UTF-16 without a BOM (some captures): ASCII text has a NUL in every odd
// byte (little-endian) or every even one (big-endian).
bool looks_utf16(std::string_view v, bool little_endian) {
    if (v.size() < 8 || v.size() % 2) return false;
    std::size_t n = std::min<std::size_t>(v.size(), 400), zeros = 0;
    const std::size_t nul = little_endian ? 1 : 0;
    for (std::size_t i = 0; i + 1 < n; i += 2) zeros += v[i + nul] == '\0' && v[i + 1 - nul] != '\0';
    return zeros * 10 >= (n / 2) * 9;
}

DecodedText decode_bytes(std::string bytes) {
    std::string_view v(bytes);
    if (v.substr(0, 3) == "\xEF\xBB\xBF") {
        if (is_valid_utf8(v.substr(3))) return {bytes.erase(0, 3), "UTF-8 with BOM"};
        // A BOM before bytes that are not UTF-8: a file saved as UTF-8 once,
        // then edited in a Latin-1 or ANSI editor. Its bytes are read through
        // the code page as a file without a BOM is, so a comment's 'ü' does not
        // cost the rule that holds it.
        const std::string_view rest = v.substr(3);
        CodePage cp = guess_code_page(rest);
        return {single_byte_to_utf8(rest, cp), std::string(code_page_name(cp)) + " after a UTF-8 BOM"};
    }
    if (v.substr(0, 2) == "\xFF\xFE") return {utf16_to_utf8(v.substr(2), true), "UTF-16LE"};
    if (v.substr(0, 2) == "\xFE\xFF") return {utf16_to_utf8(v.substr(2), false), "UTF-16BE"};
    if (looks_utf16(v, true)) return {utf16_to_utf8(v, true), "UTF-16LE without BOM"};
    if (looks_utf16(v, false)) return {utf16_to_utf8(v, false), "UTF-16BE without BOM"};
    if (is_valid_utf8(v)) return {std::move(bytes), "UTF-8"};
    // Not UTF-8: a Windows code page (OEM 850/437 from cmd.exe, or 1252).
    CodePage cp = guess_code_page(v);
    return {single_byte_to_utf8(v, cp), code_page_name(cp)};
}

}  // namespace

DecodedText decode_text(std::string bytes) {
    DecodedText out = decode_bytes(std::move(bytes));
    cr_to_lf(out.text);
    return out;
}

std::optional<std::string> read_file_bytes(const std::string& path, std::string& error) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        error = fmt::format("cannot open file: {}", std::strerror(errno));
        return std::nullopt;
    }
    struct stat st {};
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        std::fclose(f);
        error = "is a directory, not a configuration file";
        return std::nullopt;
    }
    // One read into a buffer of the file's size when it is a regular file;
    // pipes and devices are read in chunks.
    std::string data;
    if (S_ISREG(st.st_mode) && st.st_size > 0) {
        data.resize(static_cast<std::size_t>(st.st_size));
        data.resize(std::fread(data.data(), 1, data.size(), f));
    }
    char buf[1 << 16];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
    bool failed = std::ferror(f);
    std::fclose(f);
    if (failed) {
        error = "cannot read file";
        return std::nullopt;
    }
    return data;
}

namespace {

bool starts_with_any(std::string_view line, std::initializer_list<std::string_view> prefixes) {
    for (auto p : prefixes)
        if (line.substr(0, p.size()) == p) return true;
    return false;
}

// A line only iptables-save / iptables-restore input has.
bool iptables_marker(std::string_view line) {
    if (starts_with_any(line, {"*filter", "*nat", "*mangle", "*raw", "*security", "-A ", "-I ", "-N ", "-P "}))
        return true;
    if (line.substr(0, 1) == "[" && line.find("] -A ") != std::string_view::npos) return true;
    // ":INPUT ACCEPT [0:0]", ":MYCHAIN - [0:0]"
    if (line.substr(0, 1) == ":") {
        auto space = line.find(' ');
        if (space == std::string_view::npos) return false;
        auto rest = line.substr(space + 1);
        return starts_with_any(rest, {"ACCEPT", "DROP", "- ["});
    }
    return false;
}

}  // namespace

std::string detect_format(std::string_view text) {
    if (looks_like_reg_file(text)) return "reg";
    if (looks_like_reg_query(text)) return "reg-query";
    // Look past a few lines of anything else (a shell prompt pasted above the
    // dump, a banner): those become syntax findings, not a refusal.
    std::size_t pos = 0;
    for (int lines = 0; pos < text.size() && lines < 500; ++lines) {
        std::size_t end = text.find('\n', pos);
        std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? text.size() : end + 1;
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (iptables_marker(line)) return "iptables";
    }
    if (looks_like_netsh_show(text)) return "netsh-show";
    if (auto ps = detect_powershell(text); !ps.empty()) return ps;
    // A JSON or XML document that is no PowerShell export (fwlint's own JSON,
    // SARIF, JUnit or HTML report, which quotes netsh and Cisco fix lines) is
    // neither a netsh script nor a Cisco configuration.
    if (auto start = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
        start != std::string_view::npos && (text[start] == '{' || text[start] == '[' || text[start] == '<'))
        return "";
    if (looks_like_netsh_script(text)) return "netsh-script";
    return detect_cisco(text);  // "ios", "asa", "nxos" or ""
}

namespace {

std::optional<ParsedInput> parse_as(std::string text, const std::string& format, const std::string& file) {
    if (format == "iptables") return parse_iptables_save(std::make_shared<const std::string>(std::move(text)), file);
    if (format == "netsh-show") return parse_netsh_show(std::make_shared<const std::string>(std::move(text)), file);
    if (format == "powershell") return parse_powershell(std::make_shared<const std::string>(std::move(text)), file);
    if (format == "powershell-csv")
        return parse_powershell_csv(std::make_shared<const std::string>(std::move(text)), file);
    if (format == "powershell-json")
        return parse_powershell_json(std::make_shared<const std::string>(std::move(text)), file);
    if (format == "netsh-script") return parse_netsh_script(std::make_shared<const std::string>(std::move(text)), file);
    if (format == "reg" || format == "reg-query")
        return parse_registry(std::make_shared<const std::string>(std::move(text)), file);
    if (auto dialect = cisco_dialect(format))
        return parse_cisco(std::make_shared<const std::string>(std::move(text)), file, *dialect);
    return std::nullopt;
}

}  // namespace

// Every command reads through here, so every report holds at most
// max_diagnostics_per_line diagnostics per line, plus one that counts the rest.
std::optional<ParsedInput> parse_input(std::string text, const std::string& format, const std::string& file) {
    auto parsed = parse_as(std::move(text), format, file);
    if (parsed) cap_diagnostics_per_line(parsed->diagnostics);
    return parsed;
}

std::string unsupported_input(std::string_view text) {
    // "regf": a registry hive file, which is what `netsh advfirewall export`
    // writes (.wfw) and what a saved hive is.
    if (text.substr(0, 4) == "regf")
        return "binary policy export not supported: this is a registry hive (a .wfw file from `netsh advfirewall "
               "export`, or a saved hive); export the rules as text instead: `reg export "
               "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy fw.reg` (see README)";
    return "";
}

}  // namespace fwlint
