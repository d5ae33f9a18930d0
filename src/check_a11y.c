/*
 * sheaf check, accessibility metadata: the schema.org properties of
 * EPUB Accessibility 1.1 must use their vocabularies, and a book
 * without schema:accessMode tells reading systems and stores nothing
 * about who can read it.
 */
#include <string.h>

#include "buf.h"
#include "check_int.h"

static const char *const modes[] = {
	"auditory", "chartOnVisual", "chemOnVisual", "colorDependent",
	"diagramOnTactile", "diagramOnVisual", "mathOnVisual",
	"musicOnVisual", "tactile", "textOnVisual", "textual", "visual",
	NULL
};

static const char *const features[] = {
	"alternativeText", "annotations", "ARIA", "audioDescription",
	"bookmarks", "braille", "captions", "ChemML", "describedMath",
	"displayTransformability", "fullRubyAnnotations",
	"highContrastAudio", "highContrastDisplay", "horizontalWriting",
	"index", "largePrint", "latex", "longDescription", "MathML", "none",
	"openCaptions", "pageBreakMarkers", "pageNavigation",
	"printPageNumbers", "readingOrder", "rubyAnnotations",
	"signLanguage", "structuralNavigation", "synchronizedAudioText",
	"tableOfContents", "taggedPDF", "tactileGraphic", "tactileObject",
	"timingControl", "transcript", "ttsMarkup", "unlocked",
	"verticalWriting", "withAdditionalWordSegmentation",
	"withoutAdditionalWordSegmentation", NULL
};

static const char *const hazards[] = {
	"flashing", "noFlashingHazard", "motionSimulation",
	"noMotionSimulationHazard", "sound", "noSoundHazard", "none",
	"unknown", NULL
};

static int
in(const char *const *v, const char *s, size_t n)
{
	for (; *v != NULL; v++)
		if (strlen(*v) == n && strncmp(*v, s, n) == 0)
			return 1;
	return 0;
}

int
check_a11y_meta(struct check *c, const char *property, const char *value,
    int line)
{
	const char *const	*vocab;
	const char		*p, *q;
	int			 list = 0;

	if (strcmp(property, "schema:accessMode") == 0)
		vocab = modes;
	else if (strcmp(property, "schema:accessModeSufficient") == 0)
		vocab = modes, list = 1;
	else if (strcmp(property, "schema:accessibilityFeature") == 0)
		vocab = features;
	else if (strcmp(property, "schema:accessibilityHazard") == 0)
		vocab = hazards;
	else
		return 0;
	for (p = value; ; p = q + 1) {
		q = list ? strchr(p, ',') : NULL;
		if (q == NULL)
			q = p + strlen(p);
		while (*p == ' ')
			p++;
		if (!in(vocab, p, (size_t)(q - p)))
			check_report(c, DIAG_WARNING, c->opf, line,
			    "a11y-vocab",
			    "%s \"%s\" is not in its schema.org vocabulary",
			    property, value);
		if (*q == '\0' || !in(vocab, p, (size_t)(q - p)))
			break;
	}
	return strcmp(property, "schema:accessMode") == 0;
}
