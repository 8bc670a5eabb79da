/** The shells `completion` writes a script for. */
export const SHELLS = ['bash', 'zsh'] as const;
export type Shell = (typeof SHELLS)[number];

/** What a completion script knows of one subcommand (read from the commander program). */
export interface CommandSpec {
  name: string;
  summary: string;
  options: { flag: string; description: string; takesValue: boolean; variadic: boolean }[];
}

const CAPABILITIES = 'chat embedding image audio moderation';

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
  fi
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
  const value = option.flag === '--config' ? ':file:_files' : option.flag === '--capability' ? `:capability:(${CAPABILITIES})` : option.takesValue ? ':value:' : '';
  return `'${option.variadic ? '*' : ''}${option.flag}[${zshText(option.description)}]${value}'`;
}

function zshScript(commands: readonly CommandSpec[]): string {
  const describe = commands.map((command) => `    '${command.name}:${zshText(command.summary)}'`);
  const cases = commands.map((command) => {
    if (command.name === 'completion') return `    completion) _values 'shell' ${SHELLS.join(' ')} ;;`;
    const rest = command.name === 'complete' ? ["'*:model:_scoped_models_ids'"] : command.name === 'discover' ? ["'*:provider:'"] : [];
    return `    ${command.name}) _arguments ${[...command.options.map(zshOption), ...rest].join(' ')} ;;`;
  });
  return `#compdef scoped-models
# zsh completion for scoped-models. Load it now, or from ~/.zshrc after compinit:
#   source <(scoped-models completion zsh)

# Offers the model ids completing the current word, in the completer's ranking order.
_scoped_models_ids() {
  local -a lines ids shown config
  local at=\${words[(I)--config]} entry
  (( at )) && config=(--config "\${words[at+1]}")
  # One id per line, a tab and a hint after it where facts are known (128k · $2.50/$10).
  lines=("\${(@f)$(scoped-models complete --hints "\${config[@]}" -- "$PREFIX" 2>/dev/null)}")
  (( \${#lines} )) && [[ -n \${lines[1]} ]] || return 1
  for entry in "\${lines[@]}"; do
    ids+=("\${entry%%$'\\t'*}")
    if [[ $entry == *$'\\t'* ]]; then shown+=("\${entry%%$'\\t'*}  -- \${entry#*$'\\t'}"); else shown+=("$entry"); fi
  done
  # -U: the ranking also matches words inside ids, which do not start with what was typed.
  compadd -U -V scoped-models-ids -l -d shown -- "\${ids[@]}"
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
