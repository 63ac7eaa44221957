#pragma once
// The text a diagnostic quotes from its input (", found 'xyz'"): one cut and one
// escape for every reader. Each reader used to cut the quote at 24 or 40 bytes, which
// could leave the first byte of a 2-4 byte UTF-8 character at the end: text output
// then held half a character (and JSON a U+FFFD).
#include <cstddef>
#include <string>
#include <string_view>

namespace fwlint {

// The longest start of `s` of at most `max_bytes` bytes that does not end inside a
// UTF-8 character (a character that would not fit is left out whole).
std::string_view cut_at_character(std::string_view s, std::size_t max_bytes);

// `s` as a message shows it: UTF-8 characters as they are; control bytes, DEL and
// bytes that do not belong to a valid UTF-8 character as \xNN. The result is valid
// UTF-8 whatever `s` holds.
std::string printable_text(std::string_view s);

// ", found 'TEXT'": TEXT is what `rest` starts with, up to the next byte listed in
// `stop_at` (the first byte always counts, so a stray ' ' is quoted), at most
// `max_bytes` of it (cut at a character boundary, then "..."), printable. When
// `rest` is empty or starts with CR or LF: ", found " + `end_words`.
std::string found_quote(std::string_view rest, std::size_t max_bytes, std::string_view stop_at = "\r\n",
                        std::string_view end_words = "the end of the line");

}  // namespace fwlint
