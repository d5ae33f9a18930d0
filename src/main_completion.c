/*
 * sheaf completion bash|zsh|fish: print a completion script for the
 * shell. The options are those getopt_long(3) is given, read from
 * main_options.c's table and main_check.c's, so no script can miss
 * one; the commands and the values offered after an option are here.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "main_int.h"

static const char *const commands[] = { "build", "list", "init", "check",
    "completion", NULL };

/* The values offered after an option, and what zsh calls them. */
static const struct choice {
	const char	*option;
	const char	*what;
	const char	*values;
} choices[] = {
	{ "group-by",	"key",	"category month none" },
	{ "order",	"key",	"date -date title path" },
	{ "color",	"when",	"auto always never" },
	{ NULL,		NULL,	NULL }
};

static void
words(const char *const *v)
{
	const char *const	*w;

	for (w = v; *w != NULL; w++)
		printf("%s%s", w == v ? "" : " ", *w);
}

/* The long options of v as words: --name. */
static void
names(const struct option *v)
{
	const struct option	*o;

	for (o = v; o->name != NULL; o++)
		printf("%s--%s", o == v ? "" : " ", o->name);
}

static const struct choice *
choice(const char *option)
{
	const struct choice	*c;

	for (c = choices; c->option != NULL; c++)
		if (strcmp(c->option, option) == 0)
			return c;
	return NULL;
}

static void
bash(void)
{
	const struct choice	*c;

	fputs("# bash completion for sheaf\n_sheaf() {\n"
	    "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	    "\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n"
	    "\t\tCOMPREPLY=($(compgen -W \"", stdout);
	words(commands);
	fputs(" --help --version\" -- \"$cur\")); return\n\tfi\n"
	    "\tcase $prev in\n", stdout);
	for (c = choices; c->option != NULL; c++)
		printf("\t--%s) COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); "
		    "return;;\n", c->option, c->values);
	fputs("\tcompletion) COMPREPLY=($(compgen -W \"bash zsh fish\" -- \"$cur\")); return;;\n"
	    "\t-o|--output|--cover|--css|--font|-c|--config) COMPREPLY=($(compgen -f -- \"$cur\")); return;;\n"
	    "\tesac\n"
	    "\tif [[ $cur == -* ]]; then\n"
	    "\t\tif [ \"${COMP_WORDS[1]}\" = check ]; then\n"
	    "\t\t\tCOMPREPLY=($(compgen -W \"", stdout);
	names(main_check_options);
	fputs("\" -- \"$cur\"))\n\t\telse\n"
	    "\t\t\tCOMPREPLY=($(compgen -W \"", stdout);
	names(main_options_long());
	fputs("\" -- \"$cur\"))\n\t\tfi\n\telse\n"
	    "\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n\tfi\n}\n"
	    "complete -o filenames -F _sheaf sheaf\n", stdout);
}

static void
zsh(void)
{
	const struct option	*o;
	const struct choice	*c;

	fputs("#compdef sheaf\n# zsh completion for sheaf\n_sheaf() {\n"
	    "\tif (( CURRENT == 2 )); then\n\t\tcompadd -- ", stdout);
	words(commands);
	fputs(" --help --version\n\t\treturn\n\tfi\n"
	    "\tcase $words[2] in\n"
	    "\tcompletion) compadd -- bash zsh fish;;\n"
	    "\tcheck) _arguments '*:book:_files -g \"*.epub\"'", stdout);
	for (o = main_check_options; o->name != NULL; o++)
		printf(" '--%s%s'", o->name, o->has_arg ? "=:value:" : "");
	fputs(";;\n\t*) _arguments '*:input:_files'", stdout);
	for (o = main_options_long(); o->name != NULL; o++) {
		if ((c = choice(o->name)) != NULL)
			printf(" '--%s=:%s:(%s)'", o->name, c->what, c->values);
		else
			printf(" '--%s%s'", o->name, o->has_arg ?
			    "=:value:_files" : "");
	}
	fputs(";;\n\tesac\n}\n_sheaf \"$@\"\n", stdout);
}

static void
fish_options(const struct option *o, const char *commands_of)
{
	for (; o->name != NULL; o++)
		printf("complete -c sheaf -n '__fish_seen_subcommand_from "
		    "%s' -l %s%s\n", commands_of, o->name, o->has_arg ?
		    " -r" : "");
}

static void
fish(void)
{
	fputs("# fish completion for sheaf\n"
	    "complete -c sheaf -f -n __fish_use_subcommand -a '", stdout);
	words(commands);
	fputs("'\ncomplete -c sheaf -f -n '__fish_seen_subcommand_from "
	    "completion' -a 'bash zsh fish'\n", stdout);
	fish_options(main_options_long(), "build list");
	fish_options(main_check_options, "check");
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
