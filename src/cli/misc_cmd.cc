#include <functional>
#include <map>
#include <set>

#include "cli/commands.h"

#ifndef ARK_VERSION
#define ARK_VERSION "dev"
#endif
#ifndef ARK_GIT_COMMIT
#define ARK_GIT_COMMIT "unknown"
#endif
#ifndef ARK_GIT_TREE_STATE
#define ARK_GIT_TREE_STATE "unknown"
#endif

namespace ark::cli {

CLI::App* AddVersion(CLI::App& parent, Session& s) {
  auto* cmd = parent.add_subcommand("version", "Print the ark version");
  cmd->callback([&s] {
    s.out() << "Version: " << ARK_VERSION << "\n"
            << "Git commit: " << ARK_GIT_COMMIT << "\n"
            << "Git tree state: " << ARK_GIT_TREE_STATE << "\n";
  });
  return cmd;
}

namespace {

// Every command path ("" for the root, "backup", "backup create") -> the words that may
// follow it: subcommands and flags.
void Collect(const CLI::App& app, const std::string& path,
             std::map<std::string, std::string>* out) {
  std::string words;
  // Appended piece by piece: GCC 12 misreads chained `+` on temporaries as overlapping
  // copies (-Wrestrict, GCC PR 105651).
  auto add = [&words](std::string_view prefix, const std::string& word) {
    if (!words.empty()) words += ' ';
    words.append(prefix).append(word);
  };
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    add("", sub->get_name());
    std::string sub_path = path;
    if (!sub_path.empty()) sub_path += ' ';
    Collect(*sub, sub_path.append(sub->get_name()), out);
  }
  for (const CLI::Option* opt : app.get_options()) {
    for (const auto& l : opt->get_lnames()) add("--", l);
  }
  (*out)[path] = words;
}

// The kind of object ("backup", "restore", "schedule") whose names the positional arguments
// of the command at `path` are, "" when they are not names: `backup get NAME`,
// `describe restore NAME`, and `restore create BACKUP` (Ark v0.5's form).
std::string NamedKind(const std::string& path) {
  const size_t space = path.find(' ');
  if (space == std::string::npos || path.find(' ', space + 1) != std::string::npos) return "";
  std::string noun = path.substr(0, space), verb = path.substr(space + 1);
  static const std::set<std::string> kNouns = {"backup", "restore", "schedule"};
  if (kNouns.count(noun) == 0) std::swap(noun, verb);
  if (kNouns.count(noun) == 0) return "";
  static const std::set<std::string> kVerbs = {"get",      "describe", "logs",
                                               "download", "delete",   "verify"};
  if (kVerbs.count(verb) > 0) return noun;
  if (noun == "restore" && verb == "create") return "backup";
  return "";
}

std::string BashScript(const CLI::App& root) {
  std::map<std::string, std::string> words;
  Collect(root, "", &words);
  // Names come from the cluster through `ark get <kind>s`, with the --kubeconfig,
  // --kubecontext and --namespace the command line has so far.
  std::string s =
      "# bash completion for ark; load with: source <(ark completion bash)\n"
      "__ark_names() {\n"
      "  local -a globals=()\n"
      "  local i w\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    w=\"${COMP_WORDS[i]}\"\n"
      "    case \"$w\" in\n"
      "      --kubeconfig|--kubecontext|-n|--namespace) globals+=(\"$w\" \"${COMP_WORDS[i+1]}\") "
      ";;\n"
      "      --kubeconfig=*|--kubecontext=*|--namespace=*) globals+=(\"$w\") ;;\n"
      "    esac\n"
      "  done\n"
      "  \"${COMP_WORDS[0]}\" \"${globals[@]}\" get \"$1s\" 2>/dev/null | awk 'NR > 1 {print $1}'\n"
      "}\n"
      "_ark_completion() {\n"
      "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\" path=\"\" w "
      "i\n"
      "  if [[ \"$prev\" == --from-backup ]]; then\n"
      "    COMPREPLY=($(compgen -W \"$(__ark_names backup)\" -- \"$cur\"))\n"
      "    return\n"
      "  fi\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    w=\"${COMP_WORDS[i]}\"\n"
      "    [[ \"$w\" == -* ]] && continue\n"
      "    case \"${path:+$path }$w\" in\n";
  for (const auto& [path, list] : words) {
    if (!path.empty()) s += "      \"" + path + "\") path=\"" + path + "\" ;;\n";
  }
  s += "    esac\n  done\n";
  s += "  if [[ \"$cur\" != -* ]]; then\n    case \"$path\" in\n";
  for (const auto& [path, list] : words) {
    const std::string kind = NamedKind(path);
    if (kind.empty()) continue;
    s += "      \"" + path + "\") COMPREPLY=($(compgen -W \"$(__ark_names " + kind +
         ")\" -- \"$cur\")); return ;;\n";
  }
  s += "    esac\n  fi\n  case \"$path\" in\n";
  for (const auto& [path, list] : words) {
    s += "    \"" + path + "\") COMPREPLY=($(compgen -W \"" + list + "\" -- \"$cur\")) ;;\n";
  }
  s += "  esac\n}\ncomplete -F _ark_completion ark\n";
  return s;
}

}  // namespace

CLI::App* AddCompletion(CLI::App& parent, Session& s) {
  auto* cmd = parent.add_subcommand("completion", "Output a shell completion script (bash, zsh)");
  auto shell = std::make_shared<std::string>();
  cmd->add_option("SHELL", *shell, "bash or zsh")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh"}));
  cmd->callback([&s, &parent, shell] {
    if (*shell == "zsh") s.out() << "autoload -U +X bashcompinit && bashcompinit\n";
    s.out() << BashScript(parent);
  });
  return cmd;
}

}  // namespace ark::cli
