#pragma once
// The file a location points into. Every rule, chain and finding carries one,
// and a 200,000-rule file repeats the same name 200,000 times: a FileName is
// one pointer to a shared copy of the name (kept for the whole run), instead
// of a std::string per location (32 bytes, plus a heap block when the path is
// over 15 characters). It reads like a const std::string: it converts to
// `const std::string&` and to std::string_view, compares and orders by its
// text, formats with fmt and streams with <<.
#include <compare>
#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace fwlint {

class FileName {
public:
    FileName() : name_(&empty_name()) {}
    // Looks the name up in the run's table of names (adding it when new):
    // a lock and a hash lookup, unless it is the name this thread named last.
    FileName(std::string_view name);  // NOLINT: implicit, a name is a name
    FileName(const std::string& name) : FileName(std::string_view(name)) {}
    FileName(const char* name) : FileName(std::string_view(name)) {}

    const std::string& str() const { return *name_; }
    operator const std::string&() const { return *name_; }
    operator std::string_view() const { return *name_; }

    bool empty() const { return name_->empty(); }
    std::size_t size() const { return name_->size(); }
    const char* c_str() const { return name_->c_str(); }
    const char* data() const { return name_->data(); }

    // Equal names share one copy, so equal FileNames hold the same pointer.
    friend bool operator==(const FileName& a, const FileName& b) { return a.name_ == b.name_; }
    friend bool operator==(const FileName& a, const std::string& b) { return *a.name_ == b; }
    friend bool operator==(const FileName& a, std::string_view b) { return *a.name_ == b; }
    friend bool operator==(const FileName& a, const char* b) { return *a.name_ == b; }
    // By text, never by address: orders are part of the output.
    friend std::strong_ordering operator<=>(const FileName& a, const FileName& b) {
        if (a.name_ == b.name_) return std::strong_ordering::equal;
        return a.name_->compare(*b.name_) <=> 0;
    }

    friend std::string operator+(const FileName& a, std::string_view b) { return std::string(*a.name_).append(b); }
    friend std::string operator+(const FileName& a, const char* b) { return std::string(*a.name_).append(b); }
    friend std::string operator+(const FileName& a, const std::string& b) { return *a.name_ + b; }
    friend std::string operator+(std::string_view a, const FileName& b) { return std::string(a).append(*b.name_); }
    friend std::string operator+(const char* a, const FileName& b) { return std::string(a).append(*b.name_); }
    friend std::string operator+(const std::string& a, const FileName& b) { return a + *b.name_; }
    friend std::ostream& operator<<(std::ostream& out, const FileName& f);

private:
    static const std::string& empty_name();
    const std::string* name_;  // never null; owned by the table of names
};

}  // namespace fwlint

template <>
struct fmt::formatter<fwlint::FileName> : fmt::formatter<std::string_view> {
    template <typename FormatContext>
    auto format(const fwlint::FileName& f, FormatContext& ctx) const {
        return fmt::formatter<std::string_view>::format(std::string_view(f.str()), ctx);
    }
};

template <>
struct std::hash<fwlint::FileName> {
    std::size_t operator()(const fwlint::FileName& f) const noexcept { return std::hash<std::string>()(f.str()); }
};
