/*
 * sheaf completion bash|zsh|fish: print a completion script for the
 * shell, made from one table of commands and options so the three
 * scripts cannot drift apart.
 */
#include <stdio.h>
#include <string.h>

#include "main_int.h"

static const char *const commands[] = { "build", "list", "check",
    "completion", NULL };

/* Options of build and list; those ending in '=' take a value. */
static const char *const options[] = {
	"--output=", "--title=", "--author=", "--language=", "--cover=",
	"--group-by=", "--order=", "--category=", "--timezone=", "--jobs=",
	"--quiet",
	"--verbose", "--strict", "--check", "--color=", "--help",
	"--version", NULL
};

static const char *const check_options[] = {
	"--epubcheck", "--strict", "--quiet", "--color=", "--help", NULL
};

static void
words(const char *const *v, int strip)
{
	size_t	 n;

	for (; *v != NULL; v++) {
		n = strlen(*v);
		if (strip && n > 0 && (*v)[n - 1] == '=')
			n--;
		printf("%s%.*s", *v == options[0] || *v == commands[0] ||
		    *v == check_options[0] ? "" : " ", (int)n, *v);
	}
}

static void
bash(void)
{
	fputs("# bash completion for sheaf\n_sheaf() {\n"
	    "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	    "\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n"
	    "\t\tCOMPREPLY=($(compgen -W \"", stdout);
	words(commands, 0);
	fputs(" --help --version\" -- \"$cur\")); return\n\tfi\n"
	    "\tcase $prev in\n"
	    "\t--group-by) COMPREPLY=($(compgen -W \"category month none\" -- \"$cur\")); return;;\n"
	    "\t--order) COMPREPLY=($(compgen -W \"date -date title path\" -- \"$cur\")); return;;\n"
	    "\t--color) COMPREPLY=($(compgen -W \"auto always never\" -- \"$cur\")); return;;\n"
	    "\tcompletion) COMPREPLY=($(compgen -W \"bash zsh fish\" -- \"$cur\")); return;;\n"
	    "\t-o|--output|--cover) COMPREPLY=($(compgen -f -- \"$cur\")); return;;\n"
	    "\tesac\n"
	    "\tif [[ $cur == -* ]]; then\n"
	    "\t\tif [ \"${COMP_WORDS[1]}\" = check ]; then\n"
	    "\t\t\tCOMPREPLY=($(compgen -W \"", stdout);
	words(check_options, 1);
	fputs("\" -- \"$cur\"))\n\t\telse\n"
	    "\t\t\tCOMPREPLY=($(compgen -W \"", stdout);
	words(options, 1);
	fputs("\" -- \"$cur\"))\n\t\tfi\n\telse\n"
	    "\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n\tfi\n}\n"
	    "complete -o filenames -F _sheaf sheaf\n", stdout);
}

static void
zsh(void)
{
	const char *const	*v;

	fputs("#compdef sheaf\n# zsh completion for sheaf\n_sheaf() {\n"
	    "\tif (( CURRENT == 2 )); then\n\t\tcompadd -- ", stdout);
	words(commands, 0);
	fputs(" --help --version\n\t\treturn\n\tfi\n"
	    "\tcase $words[2] in\n"
	    "\tcompletion) compadd -- bash zsh fish;;\n"
	    "\tcheck) _arguments '*:book:_files -g \"*.epub\"'", stdout);
	for (v = check_options; *v != NULL; v++)
		printf(" '%s%s'", *v, (*v)[strlen(*v) - 1] == '=' ?
		    ":value:" : "");
	fputs(";;\n\t*) _arguments '*:input:_files'", stdout);
	for (v = options; *v != NULL; v++) {
		if (strcmp(*v, "--group-by=") == 0)
			fputs(" '--group-by=:key:(category month none)'", stdout);
		else if (strcmp(*v, "--order=") == 0)
			fputs(" '--order=:key:(date -date title path)'", stdout);
		else if (strcmp(*v, "--color=") == 0)
			fputs(" '--color=:when:(auto always never)'", stdout);
		else
			printf(" '%s%s'", *v, (*v)[strlen(*v) - 1] == '=' ?
			    ":value:_files" : "");
	}
	fputs(";;\n\tesac\n}\n_sheaf \"$@\"\n", stdout);
}

static void
fish_options(const char *const *v, const char *commands_of)
{
	size_t	 n;

	for (; *v != NULL; v++) {
		n = strlen(*v);
		printf("complete -c sheaf -n '__fish_seen_subcommand_from "
		    "%s' -l %.*s%s\n", commands_of, (int)(n - 2 -
		    ((*v)[n - 1] == '=')), *v + 2, (*v)[n - 1] == '=' ?
		    " -r" : "");
	}
}

static void
fish(void)
{
	fputs("# fish completion for sheaf\n"
	    "complete -c sheaf -f -n __fish_use_subcommand -a '", stdout);
	words(commands, 0);
	fputs("'\ncomplete -c sheaf -f -n '__fish_seen_subcommand_from "
	    "completion' -a 'bash zsh fish'\n", stdout);
	fish_options(options, "build list");
	fish_options(check_options, "check");
}

int
main_completion(int argc, char *argv[])
{
	if (argc != 2) {
		fputs("usage: sheaf completion bash|zsh|fish\n", stderr);
		return 2;
	}
	if (strcmp(argv[1], "bash") == 0)
		bash();
	else if (strcmp(argv[1], "zsh") == 0)
		zsh();
	else if (strcmp(argv[1], "fish") == 0)
		fish();
	else {
		fprintf(stderr, "sheaf: no completion for %s (bash, zsh or "
		    "fish)\n", argv[1]);
		return 2;
	}
	if (fflush(stdout) == EOF || ferror(stdout)) {
		perror("sheaf: stdout");
		return 1;
	}
	return 0;
}
