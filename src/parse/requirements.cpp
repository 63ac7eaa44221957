// Reads a requirement set (.fwreq): the grammar (grammars/requirements.hpp)
// with its actions (requirements_actions.hpp, requirements_flow_actions.hpp)
// builds a RequirementSet and checks the meaning of each line (declared roles,
// parameter kinds, port ranges). Resolution of parameters is in
// requirements_resolve.cpp.
#include "parse/requirements.hpp"

#include <filesystem>
#include <string>

#include "grammars/requirements.hpp"
#include "parse/requirements_actions.hpp"
#include "parse/requirements_control.hpp"
#include "parse/requirements_flow_actions.hpp"
#include "parse/requirements_read_state.hpp"

namespace fwlint {
namespace {

using namespace requirements_detail;

std::string file_stem(const std::string& file) {
    std::string stem = std::filesystem::path(file).stem().string();
    return stem.empty() ? file : stem;
}

}  // namespace

RequirementParseResult parse_requirement_set(std::string_view text, const std::string& file) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM

    // Every line ends with LF or CRLF, the last one included (see the grammar).
    // A lone CR becomes LF byte for byte, so columns do not move.
    std::string buffer;
    bool lone_cr = false;
    for (std::size_t i = text.find('\r'); i != std::string_view::npos; i = text.find('\r', i + 1))
        if (i + 1 == text.size() || text[i + 1] != '\n') {
            lone_cr = true;
            break;
        }
    const bool add_break = !text.empty() && text.back() != '\n';
    if (lone_cr || add_break) {
        buffer.reserve(text.size() + 1);
        buffer.append(text);
        if (lone_cr)
            for (std::size_t i = 0; i < buffer.size(); ++i)
                if (buffer[i] == '\r' && (i + 1 == buffer.size() || buffer[i + 1] != '\n')) buffer[i] = '\n';
        if (buffer.back() != '\n') buffer += '\n';
        text = buffer;
    }

    ReadState st;
    st.file = file;
    st.set.file = file;
    tao::pegtl::memory_input in(text.data(), text.size(), file);
    try {
        tao::pegtl::parse<grammar::requirements::file, action, control>(in, st);
    } catch (const tao::pegtl::parse_error& e) {
        // Not expected (every line recovers), but never lose the input silently.
        const auto& p = e.positions().empty() ? tao::pegtl::position(in.position()) : e.positions().front();
        st.error(st.loc(p), std::string(e.message()));
    }

    if (!st.have_set && !st.set_attempted)
        st.error(SourceLocation{file, 1, 1}, "missing 'set NAME \"TITLE\"' statement; every requirement set has one");

    RequirementParseResult result;
    const bool usable = st.have_set || !st.set.roles.empty() || !st.set.params.empty() || !st.set.statements.empty();
    if (usable) {
        if (!st.have_set) st.set.name = file_stem(file);
        result.set = std::move(st.set);
    }
    result.diagnostics = std::move(st.diags);
    return result;
}

}  // namespace fwlint
