package bmcsim

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestRedfishErrorSingleMessageRepeatsIt(t *testing.T) {
	rec := httptest.NewRecorder()
	writeError(rec, http.StatusBadRequest, baseMsg("PropertyUnknown", "Foo").related("Foo"))
	if rec.Code != http.StatusBadRequest || rec.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("status %d, content type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	var e redfishError
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatal(err)
	}
	if e.Error.Code != "Base.1.22.PropertyUnknown" || e.Error.Message != "The property Foo is not in the list of valid properties for the resource." {
		t.Errorf("code/message: %+v", e.Error)
	}
	info := e.Error.ExtendedInfo[0]
	if info.ODataType != "#Message.v1_3_0.Message" || info.RelatedProperties[0] != "#/Foo" || info.Resolution == "" {
		t.Errorf("extended info: %+v", info)
	}
	conforms(t, refError, rec.Body.Bytes())
}

func TestRedfishErrorSeveralMessagesUseGeneralError(t *testing.T) {
	rec := httptest.NewRecorder()
	writeError(rec, http.StatusBadRequest, baseMsg("PropertyUnknown", "A"), baseMsg("PropertyMissing", "Destination"))
	var e redfishError
	_ = json.Unmarshal(rec.Body.Bytes(), &e)
	if e.Error.Code != "Base.1.22.GeneralError" || len(e.Error.ExtendedInfo) != 2 {
		t.Errorf("got %+v", e.Error)
	}
	conforms(t, refError, rec.Body.Bytes())
}

func TestILOBodyKeepsOnlyIDsAndArgs(t *testing.T) {
	data, _ := json.Marshal(iloBody(baseMsg("Created"), iloNotWritableOrUnknown("DeliveryRetryPolicy")))
	var e redfishError
	_ = json.Unmarshal(data, &e)
	if e.Error.Code != "iLO.0.10.ExtendedInfo" || e.Error.Message != "See @Message.ExtendedInfo for more information." {
		t.Errorf("code/message: %+v", e.Error)
	}
	if e.Error.ExtendedInfo[0].MessageID != "Base.1.17.Created" || e.Error.ExtendedInfo[0].Message != "" {
		t.Errorf("first: %+v", e.Error.ExtendedInfo[0])
	}
	if e.Error.ExtendedInfo[1].MessageID != "iLO.2.8.PropertyNotWritableOrUnknown" || e.Error.ExtendedInfo[1].MessageArgs[0] != "DeliveryRetryPolicy" {
		t.Errorf("second: %+v", e.Error.ExtendedInfo[1])
	}
	conforms(t, refError, data)
}

func TestMethodNotAllowedHasAllowHeader(t *testing.T) {
	rec := httptest.NewRecorder()
	writeMethodNotAllowed(rec, "GET, POST")
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, POST" {
		t.Errorf("status %d allow %q", rec.Code, rec.Header().Get("Allow"))
	}
	conforms(t, refError, rec.Body.Bytes())
}
