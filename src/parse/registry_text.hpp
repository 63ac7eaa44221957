#pragma once
// Registry exports as text (`.reg` files and `reg query` output) read into
// keys and values, with no meaning attached yet: src/parse/registry.cpp
// decides which keys hold firewall rules and profile settings.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ir/diagnostic.hpp"

namespace fwlint {

struct RegistryValue {
    std::string key;      // the key path it is under, as written
    std::string name;     // unescaped; "" for the default value ("@")
    std::string type;     // "REG_SZ", "REG_DWORD", "REG_BINARY", "hex(7)"..., "" for a deletion
    std::string data;     // REG_SZ: the unescaped text; other types: as written
    std::uint32_t dword = 0;
    bool deleted = false;  // "name"=-
    int line = 0;
    int column = 0;        // of the data
};

struct RegistryKey {
    std::string path;
    bool deleted = false;  // [-KEY]
    int line = 0;
};

struct RegistryText {
    std::string format;  // "reg" or "reg-query"
    std::vector<RegistryKey> keys;
    std::vector<RegistryValue> values;  // in file order
    Diagnostics diagnostics;
};

// `text` is UTF-8 (decode_text has converted UTF-16). A `.reg` file starts
// with its header line; anything else is read as `reg query` output.
RegistryText read_registry_text(std::string_view text, const std::string& file);

// The header line of a .reg file, or a `reg query` key line with a value line under it.
bool looks_like_reg_file(std::string_view text);
bool looks_like_reg_query(std::string_view text);

}  // namespace fwlint
