package bmcsim

import (
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// requestEcho is a request as an echoing error page quotes it.
type requestEcho struct {
	line    string   // "POST /redfish/v1/… HTTP/1.1"
	headers []string // "Name: value", sorted, Host first
	body    string
}

func readEcho(r *http.Request) requestEcho {
	e := requestEcho{line: r.Method + " " + r.RequestURI + " " + r.Proto}
	e.headers = append(e.headers, "Host: "+r.Host)
	names := make([]string, 0, len(r.Header))
	for k := range r.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range r.Header[k] {
			e.headers = append(e.headers, k+": "+v)
		}
	}
	data, _ := io.ReadAll(r.Body)
	e.body = string(data)
	return e
}

// text is the request as it went over the wire, header block and body.
func (e requestEcho) text() string {
	return e.line + "\r\n" + strings.Join(e.headers, "\r\n") + "\r\n\r\n" + e.body
}

// echo answers with the request quoted in full, in the shape of t.
func (b *BMC) echo(w http.ResponseWriter, r *http.Request, t FaultType) {
	e := readEcho(r)
	switch t {
	case FaultEchoHTML:
		// Not HTML-escaped: the proxies that echo requests do not bother,
		// and a test looks for the secret byte for byte.
		page := "<html><head><title>502 Bad Gateway</title></head><body>\n" +
			"<h1>502 Bad Gateway</h1>\n<p>The upstream BMC sent an invalid response to:</p>\n<pre>\n" +
			e.text() + "\n</pre>\n<hr><center>bmcsim</center></body></html>\n"
		writeRaw(w, http.StatusBadGateway, "text/html; charset=utf-8", page)
	case FaultEchoRedfish:
		m := baseMsg("GeneralError")
		m.Message = "The request failed: " + e.text()
		m.MessageArgs = append(append([]string{e.line}, e.headers...), e.body)
		writeError(w, http.StatusBadRequest, m)
	default:
		writeRaw(w, http.StatusInternalServerError, "text/plain; charset=utf-8",
			"Internal Server Error\n\nwhile handling:\n"+e.text()+"\n")
	}
}

// garbage200 answers 200 with a body that is not the resource.
func (b *BMC) garbage200(w http.ResponseWriter, t FaultType) {
	switch t {
	case FaultError200:
		b.fail(w, http.StatusOK, baseMsg("InternalError"))
	case FaultEmpty200:
		writeRaw(w, http.StatusOK, "application/json; charset=utf-8", "")
	default:
		writeRaw(w, http.StatusOK, "application/json; charset=utf-8", "{}")
	}
}

func writeRaw(w http.ResponseWriter, status int, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}
