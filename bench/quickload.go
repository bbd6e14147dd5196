package main

import (
	"net/http"
	"net/url"
	"strings"
)

// quickTitles are what people type into quick add: the list-experience
// issue's examples (a list that exists, one that does not, a label, a
// quoted title, words that only look like dates) and titles with no
// tokens at all. The load user's lists are benchdb's ("Work", "Home", …),
// so "#Home" moves a task and "#Family" stays text.
var quickTitles = []string{
	"Call mom tomorrow p1 #Family @phone",
	"buy paprika",
	`"The 5th Wave" tomorrow`,
	"Pay rent friday p2 #Home @bills",
	"check money",
	"monitor the build",
	"Renew passport",
	"Email the landlord about the boiler next week",
}

// quickQuery is the query of one preview request: the title and, for the
// chip turned back into text, as_text and the keep fields already there.
type quickQuery struct{ title, asText string }

// quickPreviews are the previews htmx asks for while those titles are
// typed: the field's trigger waits for 150 ms without a change, so a
// typist who pauses between words sends each word's prefix, then the
// whole title. One more turns the first example's "tomorrow" back into
// text with its chip's button.
func quickPreviews() []quickQuery {
	var qs []quickQuery
	for _, title := range quickTitles {
		words := strings.Fields(title)
		for i := range words {
			qs = append(qs, quickQuery{title: strings.Join(words[:i+1], " ")})
		}
	}
	return append(qs, quickQuery{title: quickTitles[0], asText: "1:tomorrow"})
}

// quickPreview asks for the chips as htmx does: a GET of /tasks/quick
// with what the element's hx-include names, the title field and the
// keep fields (a GET leaves the rest of the form out, so no quick=1 or
// list), and htmx's headers for the title field swapping #quick-chips.
// The chip's button sends its own as_text and names itself the trigger.
func quickPreview(base, cookie string) request {
	qs := quickPreviews()
	return func(w, i int) (*http.Request, error) {
		q := qs[(w*7+i)%len(qs)]
		v := url.Values{"title": {q.title}}
		trigger, name := "new-title", "title"
		if q.asText != "" {
			v.Set("as_text", q.asText)
			trigger, name = "", "as_text"
		}
		req, err := http.NewRequest(http.MethodGet, base+"/tasks/quick?"+v.Encode(), nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Cookie", cookie)
		req.Header.Set("HX-Request", "true")
		req.Header.Set("HX-Current-URL", "http://127.0.0.1/tasks")
		req.Header.Set("HX-Target", "quick-chips")
		if trigger != "" {
			req.Header.Set("HX-Trigger", trigger)
		}
		req.Header.Set("HX-Trigger-Name", name)
		return req, nil
	}
}
