import { CAPABILITIES as VOCABULARY } from '../capabilities/Capability.js';

/** The shells `completion` writes a script for. */
export const SHELLS = ['bash', 'zsh'] as const;
export type Shell = (typeof SHELLS)[number];

/** What a completion script knows of one subcommand (read from the commander program). */
export interface CommandSpec {
  name: string;
  summary: string;
  options: { flag: string; description: string; takesValue: boolean; variadic: boolean }[];
}

const CAPABILITIES = VOCABULARY.join(' ');

/** The completion script for `shell`, covering `commands`. */
export function completionScript(shell: Shell, commands: readonly CommandSpec[]): string {
  return shell === 'bash' ? bashScript(commands) : zshScript(commands);
}

function bashScript(commands: readonly CommandSpec[]): string {
  const optionsOf = (command: CommandSpec): string => [...command.options.map((option) => option.flag), '--help'].join(' ');
  const cases = commands
    .filter((command) => command.name !== 'complete' && command.name !== 'completion')
    .map((command) => `    ${command.name}) mapfile -t COMPREPLY < <(compgen -W "${optionsOf(command)}" -- "$cur") ;;`);
  const complete = commands.find((command) => command.name === 'complete');
  return `# bash completion for scoped-models. Load it now, or from ~/.bashrc:
#   source <(scoped-models completion bash)
# To complete model ids for another command too: complete -F _scoped_models_ids mytool

# Sets COMPREPLY to the model ids completing the word $1; more arguments go to scoped-models (--config …).
__scoped_models_complete_ids() {
  local word=$1
  shift
  mapfile -t COMPREPLY < <(scoped-models complete "$@" -- "$word" 2>/dev/null)
  # bash splits words at ":" (COMP_WORDBREAKS) and replaces only the part after it: keep the
  # ids that extend the typed text, less what bash already counts as typed.
  if [[ $word == *:* && $COMP_WORDBREAKS == *:* ]]; then
    local colon=\${word%"\${word##*:}"} id
    local -a kept=()
    for id in "\${COMPREPLY[@]}"; do [[ $id == "$word"* ]] && kept+=("\${id#"$colon"}"); done
    COMPREPLY=("\${kept[@]}")
    word=\${word##*:}
  fi
  __scoped_models_keep_typed "$word"
}

# readline replaces the typed word with the candidates' common prefix, even a shorter or
# different one (gpt -> open). Several candidates whose common prefix does not start with what
# was typed get a blank companion: their common prefix is then empty, and readline keeps the
# word as typed and lists the candidates. One candidate still replaces the word.
__scoped_models_keep_typed() {
  local word=$1 common id
  ((\${#COMPREPLY[@]} > 1)) || return 0
  common=\${COMPREPLY[0]}
  for id in "\${COMPREPLY[@]}"; do
    while [[ $id != "$common"* ]]; do common=\${common%?}; done
  done
  [[ -z $common || $common == "$word"* ]] || COMPREPLY+=(' ')
}

# Sets COMPREPLY to the configured provider names completing $1; more arguments go to scoped-models.
__scoped_models_complete_providers() {
  local word=$1
  shift
  mapfile -t COMPREPLY < <(compgen -W "$(scoped-models complete --providers "$@" 2>/dev/null)" -- "$word")
}

# For \`complete -F\`: completes the word before the cursor as a model id.
_scoped_models_ids() {
  local line=\${COMP_LINE:0:COMP_POINT}
  __scoped_models_complete_ids "\${line##*[[:space:]]}"
}

_scoped_models() {
  local line=\${COMP_LINE:0:COMP_POINT}
  local cur=\${line##*[[:space:]]}
  local prev=\${COMP_WORDS[COMP_CWORD-1]}
  local command=\${COMP_WORDS[1]}
  local -a config=()
  local i
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ \${COMP_WORDS[i]} == --config ]] && config=(--config "\${COMP_WORDS[i+1]}")
  done
  COMPREPLY=()
  if ((COMP_CWORD == 1)); then
    mapfile -t COMPREPLY < <(compgen -W "${[...commands.map((command) => command.name), 'help'].join(' ')}" -- "$cur")
    return
  fi
  case $prev in
    --config) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    --capability) mapfile -t COMPREPLY < <(compgen -W "${CAPABILITIES}" -- "$cur"); return ;;
  esac
  # --provider takes several names: the option before the cursor decides.
  local option=
  for ((i = COMP_CWORD - 1; i > 1; i--)); do
    [[ \${COMP_WORDS[i]} == -* ]] && { option=\${COMP_WORDS[i]}; break; }
  done
  if [[ $option == --provider && $cur != -* ]] || [[ $command == discover && -z $option && $cur != -* ]]; then
    __scoped_models_complete_providers "$cur" "\${config[@]}"
    return
  fi
  case $command in
    completion) mapfile -t COMPREPLY < <(compgen -W "${SHELLS.join(' ')}" -- "$cur") ;;
    complete)
      if [[ $cur == -* ]]; then mapfile -t COMPREPLY < <(compgen -W "${complete === undefined ? '--help' : optionsOf(complete)}" -- "$cur")
      else __scoped_models_complete_ids "$cur" "\${config[@]}"; fi ;;
${cases.join('\n')}
  esac
}

complete -F _scoped_models scoped-models
`;
}

/** Text that is safe inside a single-quoted zsh spec: no quotes, brackets, colons or backslashes. */
function zshText(text: string): string {
  return text.replace(/[[\]':\\`$]/g, '').replace(/\s+/g, ' ').trim();
}

function zshOption(option: CommandSpec['options'][number]): string {
  const value =
    option.flag === '--config'
      ? ':file:_files'
      : option.flag === '--capability'
        ? `:capability:(${CAPABILITIES})`
        : option.flag === '--provider'
          ? ':provider:_scoped_models_providers'
          : option.takesValue
            ? ':value:'
            : '';
  return `'${option.variadic ? '*' : ''}${option.flag}[${zshText(option.description)}]${value}'`;
}

function zshScript(commands: readonly CommandSpec[]): string {
  const describe = commands.map((command) => `    '${command.name}:${zshText(command.summary)}'`);
  const cases = commands.map((command) => {
    if (command.name === 'completion') return `    completion) _values 'shell' ${SHELLS.join(' ')} ;;`;
    const rest = command.name === 'complete' ? ["'*:model:_scoped_models_ids'"] : command.name === 'discover' ? ["'*:provider:_scoped_models_providers'"] : [];
    return `    ${command.name}) _arguments ${[...command.options.map(zshOption), ...rest].join(' ')} ;;`;
  });
  return `#compdef scoped-models
# zsh completion for scoped-models. Load it now, or from ~/.zshrc after compinit:
#   source <(scoped-models completion zsh)

# The --config words of the line, for the commands the completion functions run.
__scoped_models_config() {
  local at=\${words[(I)--config]}
  (( at )) && reply=(--config "\${words[at+1]}") || reply=()
}

# Offers the model ids completing the current word, in the completer's ranking order, each with
# its description (display name, context window) beside it in the list.
_scoped_models_ids() {
  local -a lines ids descriptions reply
  local entry
  __scoped_models_config
  lines=("\${(@f)$(scoped-models complete --describe "\${reply[@]}" -- "$PREFIX" 2>/dev/null)}")
  (( \${#lines} )) && [[ -n \${lines[1]} ]] || return 1
  for entry in "\${lines[@]}"; do
    ids+=("\${entry%%$'\t'*}")
    if [[ $entry == *$'\t'?* ]]; then descriptions+=("\${entry%%$'\t'*}  -- \${entry#*$'\t'}")
    else descriptions+=("\${entry%%$'\t'*}"); fi
  done
  # -U: the ranking also matches words inside ids, which do not start with what was typed.
  compadd -U -V scoped-models-ids -l -d descriptions -- "\${ids[@]}"
  # Like the REPL, never replace the typed word with a shorter or different common prefix:
  # several matches only extend it when they all start with a longer version of it.
  local common=\${ids[1]} id
  for id in "\${ids[@]}"; do
    while [[ $id != $common* ]]; do common=\${common[1,-2]}; done
  done
  if (( \${#ids} > 1 )) && [[ \${(L)common} != \${(L)PREFIX}?* ]]; then
    compstate[insert]=''
    compstate[list]='list force'
  fi
}

# Offers the configured provider names.
_scoped_models_providers() {
  local -a names reply
  __scoped_models_config
  names=("\${(@f)$(scoped-models complete --providers "\${reply[@]}" 2>/dev/null)}")
  [[ -n \${names[1]} ]] || return 1
  compadd -a names
}

_scoped_models() {
  local -a commands
  commands=(
${describe.join('\n')}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  # From here on the subcommand is the command _arguments completes for.
  local subcommand=\${words[2]}
  shift words
  (( CURRENT-- ))
  case $subcommand in
${cases.join('\n')}
  esac
}

compdef _scoped_models scoped-models
`;
}
