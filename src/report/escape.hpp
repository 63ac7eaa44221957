#pragma once
// Escaping for the report formats that embed text from configurations
// (rule comments, chain names, file names): a config must never be able to
// change a report's structure or inject markup.
#include <string>
#include <string_view>

namespace fwlint {

// Valid UTF-8: every byte sequence that is not a UTF-8 character becomes U+FFFD.
std::string valid_utf8(std::string_view s);

// XML 1.0 character data and attribute values (double-quoted): & < > " '
// become entities; tab, LF and CR become character references in attributes
// (an XML parser would turn them into spaces otherwise); characters XML 1.0
// forbids (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF) and invalid
// UTF-8 become U+FFFD. Also the escape for HTML text and attributes.
std::string xml_escape(std::string_view s, bool attribute = false);

// Markdown (CommonMark/GFM) text inside a table cell: every ASCII punctuation
// character is backslash-escaped (so none starts emphasis, a link, HTML or a
// cell), line ends become spaces, other control characters are dropped.
std::string markdown_escape(std::string_view s);

// A Markdown code span holding `s` literally: a backtick fence longer than any
// run of backticks in `s`; `|` escaped for GFM tables; line ends become spaces.
std::string markdown_code(std::string_view s);

}  // namespace fwlint
