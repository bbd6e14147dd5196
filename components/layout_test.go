package components_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"
	"github.com/google/go-cmp/cmp"

	"docket/components"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// layoutPage renders Layout around a small body, signed in or not.
func layoutPage(t *testing.T, p components.Page) []byte {
	t.Helper()
	body := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		_, err := io.WriteString(w, `<h1 data-testid="content">Content</h1>`)
		return err
	})
	var buf bytes.Buffer
	ctx := templ.WithChildren(context.Background(), body)
	if err := components.Layout(p).Render(ctx, &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	return buf.Bytes()
}

func TestLayoutGolden(t *testing.T) {
	t.Parallel()
	got := layoutPage(t, components.Page{
		Title:        "Tasks",
		Username:     "alice",
		Flash:        "Saved.",
		AssetVersion: "0123456789ab",
	})
	golden := filepath.Join("testdata", "layout.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./components -run TestLayoutGolden -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("layout differs from %s (-want +got); rerun with -update if the change is intended:\n%s", golden, diff)
	}
}

func TestLayout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		page   components.Page
		title  string
		nav    []string
		logout int
	}{
		{"signed in", components.Page{Title: "Account", Username: "alice", AssetVersion: "v9"},
			"Account · Docket", []string{"/tasks", "/account"}, 1},
		{"signed out", components.Page{AssetVersion: "v9"}, "Docket", []string{"/login", "/register"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := parse(t, layoutPage(t, tt.page))
			wantText(t, doc, "title", tt.title)
			wantText(t, doc, `main#main [data-testid="content"]`, "Content")
			wantCount(t, doc, "#alerts", 1)
			wantCount(t, doc, `#alerts [data-testid="alert"]`, 0)
			nav := doc.Find("nav a").Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("href", "") })
			if diff := cmp.Diff(tt.nav, nav); diff != "" {
				t.Errorf("nav links (-want +got):\n%s", diff)
			}
			wantCount(t, doc, `form[action="/logout"][method="post"]`, tt.logout)
			// Every asset URL carries the version, and no script is inline.
			doc.Find("script").Each(func(_ int, s *goquery.Selection) {
				src, ok := s.Attr("src")
				if !ok || s.Text() != "" {
					t.Errorf("inline script: %q", s.Text())
				}
				if !strings.HasSuffix(src, "?v=v9") {
					t.Errorf("script src %q lacks ?v=v9", src)
				}
			})
		})
	}
}

func TestLayoutHTMXConfig(t *testing.T) {
	t.Parallel()
	doc := render(t, components.Layout(components.Page{}))
	raw := doc.Find(`meta[name="htmx-config"]`).AttrOr("content", "")
	var cfg struct {
		AllowEval              bool `json:"allowEval"`
		IncludeIndicatorStyles bool `json:"includeIndicatorStyles"`
		ResponseHandling       []struct {
			Code   string `json:"code"`
			Swap   bool   `json:"swap"`
			Error  bool   `json:"error"`
			Target string `json:"target"`
		} `json:"responseHandling"`
	}
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		t.Fatalf("htmx-config is not JSON: %v\n%s", err, raw)
	}
	if cfg.AllowEval || cfg.IncludeIndicatorStyles {
		t.Errorf("allowEval=%v includeIndicatorStyles=%v, want both off for the CSP", cfg.AllowEval, cfg.IncludeIndicatorStyles)
	}
	type rule struct {
		Code        string
		Swap, Error bool
		Target      string
	}
	var got []rule
	for _, r := range cfg.ResponseHandling {
		got = append(got, rule{r.Code, r.Swap, r.Error, r.Target})
	}
	want := []rule{
		{"204", false, false, ""},
		{"[23]..", true, false, ""},
		{"422", true, false, ""},
		{"[45]..", true, true, "#alerts"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("responseHandling (-want +got):\n%s", diff)
	}
}
