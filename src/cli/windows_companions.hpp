#pragma once
// `fwlint check rules.txt allprofiles.txt`: a file holding only `netsh
// advfirewall show allprofiles` output gives the per-profile state and
// default actions to the Windows rule inputs of the same host.
//
// Pairing rule (README "Windows Firewall inputs"): a profiles file applies to
// the other inputs of the same invocation in the same directory. With one
// profiles file in a directory, to all of them; with several, to those whose
// file name starts with the same host prefix (the name up to its first '-',
// '_' or '.': cep-profiles.txt goes with cep-rules.txt). An input states its
// own profiles where it can (allprofiles in the same file, registry profile
// keys, Set-NetFirewallProfile): those win, per profile.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/walk.hpp"
#include "parse/windows_rule.hpp"

namespace fwlint {

struct ProfilesFile {
    std::string path;
    WindowsProfileDefaults defaults;
    std::vector<std::string> paired;  // the inputs it is offered to, in input order
    std::shared_ptr<const std::string> text;  // decoded, for the lines its findings are on
};

struct WindowsCompanions {
    std::vector<ProfilesFile> files;
    std::vector<int> companion;       // per input: index into `files`, or -1
    std::vector<int> profiles_file;   // per input: index into `files` when the input is one, or -1
};

// Reads the small inputs that could be `show allprofiles` output and pairs
// them (files larger than 1 MB are never profiles-only).
WindowsCompanions pair_windows_profiles(const std::vector<InputFile>& inputs);

// The text of line `line` (1-based, without its line end) of `file` when it
// is one of the profiles files: a finding located there (the profiles file's
// own, or one its rule listing gives, such as the default allow of a profile
// whose firewall is off) gets its fingerprint from that file's line, not from
// the line of the same number in the rule listing. nullopt for any other file.
std::optional<std::string_view> profiles_file_line(const WindowsCompanions& companions, const std::string& file,
                                                   int line);

// What check_file does with the pairing for input `index` after parsing it:
// a rule input takes its companion's defaults (apply_profile_companion); a
// profiles file gets a note saying what it was used for.
struct CompanionUse {
    bool audit = true;  // false for a profiles-only file: it has no rules to audit
    bool lint = true;   // false for a paired profiles file: its defaults are linted with the rules
};
CompanionUse use_windows_companions(const WindowsCompanions& companions, std::size_t index, ParsedInput& parsed);

}  // namespace fwlint
