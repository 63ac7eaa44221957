#include "cli/windows_companions.hpp"

#include <sys/stat.h>

#include <algorithm>

#include <fmt/format.h>

#include "parse/input.hpp"
#include "parse/netsh_profiles.hpp"

namespace fwlint {

namespace {

std::string directory_of(const std::string& path) {
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::string base_name(const std::string& path) {
    auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "cep" for cep-rules.txt, cep_profiles.txt, cep.txt.
std::string host_prefix(const std::string& path) {
    std::string name = base_name(path);
    return name.substr(0, name.find_first_of("-_."));
}

constexpr long long max_profiles_bytes = 1 << 20;

}  // namespace

WindowsCompanions pair_windows_profiles(const std::vector<InputFile>& inputs) {
    WindowsCompanions out;
    out.companion.assign(inputs.size(), -1);
    out.profiles_file.assign(inputs.size(), -1);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        struct stat st {};
        if (stat(inputs[i].path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > max_profiles_bytes)
            continue;
        std::string error;
        auto bytes = read_file_bytes(inputs[i].path, error);
        if (!bytes || bytes->find("rofil") == std::string::npos) {
            // "Profile", "Profil", "profil de": cheap test before decoding.
            if (!bytes || bytes->find(std::string("r\0o\0f\0i\0l", 9)) == std::string::npos) continue;
        }
        DecodedText decoded = decode_text(std::move(*bytes));
        if (auto defaults = read_profiles_only(decoded.text, inputs[i].path)) {
            out.profiles_file[i] = int(out.files.size());
            out.files.push_back(ProfilesFile{inputs[i].path, *defaults, {},
                                             std::make_shared<const std::string>(std::move(decoded.text))});
        }
    }
    if (out.files.empty()) return out;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (out.profiles_file[i] >= 0) continue;
        const std::string dir = directory_of(inputs[i].path);
        std::vector<int> here;
        for (int f = 0; f < int(out.files.size()); ++f)
            if (directory_of(out.files[std::size_t(f)].path) == dir) here.push_back(f);
        if (here.size() > 1)
            std::erase_if(here, [&](int f) {
                return host_prefix(out.files[std::size_t(f)].path) != host_prefix(inputs[i].path);
            });
        if (here.size() != 1) continue;  // none, or several for this host: the defaults stay assumed
        out.companion[i] = here.front();
        out.files[std::size_t(here.front())].paired.push_back(inputs[i].path);
    }
    return out;
}

std::optional<std::string_view> profiles_file_line(const WindowsCompanions& companions, const std::string& file,
                                                   int line) {
    for (const ProfilesFile& f : companions.files) {
        if (f.path != file || !f.text) continue;
        std::string_view text(*f.text);
        std::size_t start = 0;
        for (int n = 1; n < line && start < text.size(); ++n) {
            std::size_t nl = text.find('\n', start);
            start = nl == std::string_view::npos ? text.size() : nl + 1;
        }
        if (line <= 0 || start >= text.size()) return std::string_view{};
        std::size_t end = text.find('\n', start);
        std::string_view l = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        return l;
    }
    return std::nullopt;
}

CompanionUse use_windows_companions(const WindowsCompanions& companions, std::size_t index, ParsedInput& parsed) {
    if (index >= companions.companion.size()) return {};
    if (int f = companions.companion[index]; f >= 0) {
        const ProfilesFile& file = companions.files[std::size_t(f)];
        apply_profile_companion(parsed, file.defaults, file.path);
    }
    int own = companions.profiles_file[index];
    if (own < 0) return {};
    const ProfilesFile& file = companions.files[std::size_t(own)];
    std::string message =
        file.paired.empty()
            ? "this file holds only `netsh advfirewall show allprofiles` output (profile state and default actions, "
              "no rules): nothing to audit on its own; give the host's `netsh advfirewall firewall show rule "
              "name=all verbose` output in the same directory, in the same command, to use these defaults for it"
            : fmt::format("this file holds only `netsh advfirewall show allprofiles` output: its profile state and "
                          "default actions are used for the Windows rules in {} (same directory), and are "
                          "audited and linted there",
                          fmt::join(file.paired, ", "));
    parsed.diagnostics.push_back(Diagnostic{SourceLocation{parsed.file, 0, 0}, Severity::note, std::move(message)});
    return CompanionUse{false, file.paired.empty()};
}

}  // namespace fwlint
