#pragma once
#include <string>
#include <vector>

namespace fwlint {

struct CheckOptions {
    std::vector<std::string> files;
    std::vector<std::string> rule_sets;
    std::vector<std::string> roles;
    std::vector<std::string> params;
    std::string host_role;
    std::string format = "text";
    std::string fail_on = "warning";
    std::string input_format = "auto";
    std::string color = "auto";
};

int run_check(const CheckOptions& options);
int run_rules(const std::string& name);
int run_explain(const std::string& id);

}  // namespace fwlint
