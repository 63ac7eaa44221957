#pragma once
// Single-byte Windows code pages for text that is not valid UTF-8: netsh
// output redirected from cmd.exe is in the console's OEM code page (850 in
// Western Europe, 437 in the US), files saved by Notepad in Windows-1252.
#include <string>
#include <string_view>

namespace fwlint {

enum class CodePage { cp850, cp437, cp1252 };

const char* code_page_name(CodePage cp);  // "CP850", "CP437", "Windows-1252"

bool is_valid_utf8(std::string_view bytes);

// Converts every byte through the code page's table (ASCII stays as it is).
std::string single_byte_to_utf8(std::string_view bytes, CodePage cp);

// The code page under which the bytes above 0x7F read most like Western
// European words (ä, ö, ü, é...); ties go to CP850, then CP437.
CodePage guess_code_page(std::string_view bytes);

}  // namespace fwlint
