#include "ir/file_name.hpp"

#include <mutex>
#include <ostream>
#include <unordered_set>

namespace fwlint {

namespace {

struct NameTable {
    std::mutex mutex;
    // Node-based: a name's address never changes once it is in.
    std::unordered_set<std::string> names;
};

// Never destroyed: FileNames in objects that outlive main's locals (a
// static, an input kept until exit) must still read their names.
NameTable& table() {
    static NameTable* t = new NameTable;
    return *t;
}

}  // namespace

const std::string& FileName::empty_name() {
    static const std::string* empty = new std::string;
    return *empty;
}

FileName::FileName(std::string_view name) {
    if (name.empty()) {
        name_ = &empty_name();
        return;
    }
    // A reader names the same file for each of its rules: remember the last
    // name this thread looked up.
    thread_local const std::string* last = nullptr;
    if (last && *last == name) {
        name_ = last;
        return;
    }
    NameTable& t = table();
    std::lock_guard lock(t.mutex);
    name_ = &*t.names.emplace(name).first;
    last = name_;
}

std::ostream& operator<<(std::ostream& out, const FileName& f) { return out << f.str(); }

}  // namespace fwlint
