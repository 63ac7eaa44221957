#pragma once
// A string that is empty on most rules (a comment, a Windows rule's ID and
// display name, a target's options): 8 bytes, a pointer to a heap string that
// is null while the text is empty, instead of a 32-byte std::string in every
// one of 200,000 rules. It reads like a const std::string (converts to
// `const std::string&` and std::string_view, compares by text, formats with
// fmt, streams with <<); it is assigned, cleared and appended to like one.
#include <compare>
#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace fwlint {

class CompactString {
public:
    CompactString() = default;
    CompactString(std::string_view s) { assign(s); }  // NOLINT: implicit, like std::string
    CompactString(const std::string& s) { assign(s); }
    CompactString(std::string&& s) { assign(std::move(s)); }
    CompactString(const char* s) { assign(std::string_view(s)); }
    CompactString(const CompactString& o) { assign(o.str()); }
    CompactString(CompactString&&) noexcept = default;
    CompactString& operator=(const CompactString& o) {
        if (this != &o) assign(o.str());
        return *this;
    }
    CompactString& operator=(CompactString&&) noexcept = default;
    CompactString& operator=(std::string_view s) { return assign(s); }
    CompactString& operator=(const std::string& s) { return assign(std::string_view(s)); }
    CompactString& operator=(std::string&& s) { return assign(std::move(s)); }
    CompactString& operator=(const char* s) { return assign(std::string_view(s)); }

    const std::string& str() const { return text_ ? *text_ : empty_text(); }
    operator const std::string&() const { return str(); }
    operator std::string_view() const { return str(); }

    bool empty() const { return !text_; }
    std::size_t size() const { return str().size(); }
    std::size_t length() const { return str().size(); }
    const char* c_str() const { return str().c_str(); }
    const char* data() const { return str().data(); }
    char operator[](std::size_t i) const { return str()[i]; }
    char front() const { return str().front(); }
    char back() const { return str().back(); }
    std::string::const_iterator begin() const { return str().begin(); }
    std::string::const_iterator end() const { return str().end(); }
    std::size_t find(std::string_view s, std::size_t pos = 0) const { return str().find(s, pos); }
    std::size_t find(char c, std::size_t pos = 0) const { return str().find(c, pos); }
    std::size_t rfind(std::string_view s, std::size_t pos = std::string::npos) const { return str().rfind(s, pos); }
    std::size_t rfind(char c, std::size_t pos = std::string::npos) const { return str().rfind(c, pos); }
    std::string substr(std::size_t pos = 0, std::size_t n = std::string::npos) const { return str().substr(pos, n); }
    bool starts_with(std::string_view s) const { return std::string_view(str()).starts_with(s); }
    bool ends_with(std::string_view s) const { return std::string_view(str()).ends_with(s); }

    void clear() { text_.reset(); }
    CompactString& operator+=(std::string_view s) {
        if (!s.empty()) own().append(s);
        return *this;
    }
    CompactString& operator+=(const std::string& s) { return *this += std::string_view(s); }
    CompactString& operator+=(const char* s) { return *this += std::string_view(s); }
    CompactString& operator+=(char c) {
        own().push_back(c);
        return *this;
    }

    friend bool operator==(const CompactString& a, const CompactString& b) { return a.str() == b.str(); }
    friend bool operator==(const CompactString& a, const std::string& b) { return a.str() == b; }
    friend bool operator==(const CompactString& a, std::string_view b) { return a.str() == b; }
    friend bool operator==(const CompactString& a, const char* b) { return a.str() == b; }
    friend std::strong_ordering operator<=>(const CompactString& a, const CompactString& b) {
        return a.str().compare(b.str()) <=> 0;
    }

    friend std::string operator+(const CompactString& a, std::string_view b) { return std::string(a.str()).append(b); }
    friend std::string operator+(const CompactString& a, const char* b) { return std::string(a.str()).append(b); }
    friend std::string operator+(const CompactString& a, const std::string& b) { return a.str() + b; }
    friend std::string operator+(std::string_view a, const CompactString& b) { return std::string(a).append(b.str()); }
    friend std::string operator+(const char* a, const CompactString& b) { return std::string(a).append(b.str()); }
    friend std::string operator+(const std::string& a, const CompactString& b) { return a + b.str(); }
    friend std::ostream& operator<<(std::ostream& out, const CompactString& s) { return out << s.str(); }

private:
    static const std::string& empty_text() {
        static const std::string empty;
        return empty;
    }
    CompactString& assign(std::string_view s) {
        if (s.empty()) text_.reset();
        else if (text_) text_->assign(s);
        else text_ = std::make_unique<std::string>(s);
        return *this;
    }
    CompactString& assign(std::string&& s) {
        if (s.empty()) text_.reset();
        else if (text_) *text_ = std::move(s);
        else text_ = std::make_unique<std::string>(std::move(s));
        return *this;
    }
    std::string& own() {
        if (!text_) text_ = std::make_unique<std::string>();
        return *text_;
    }
    std::unique_ptr<std::string> text_;  // null while empty
};

}  // namespace fwlint

template <>
struct fmt::formatter<fwlint::CompactString> : fmt::formatter<std::string_view> {
    template <typename FormatContext>
    auto format(const fwlint::CompactString& s, FormatContext& ctx) const {
        return fmt::formatter<std::string_view>::format(std::string_view(s.str()), ctx);
    }
};
