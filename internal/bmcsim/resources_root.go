package bmcsim

import "net/http"

// getRedfish serves /redfish, the version document of DSP0266 clause
// "Service root request".
func (b *BMC) getRedfish(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"v1": "/redfish/v1/"})
}

// getServiceRoot serves /redfish/v1. gofish (serviceroot.go) reads
// Links.Sessions to log in and ProtocolFeaturesSupported.ExpandQuery to
// decide on $expand, so both must be exact.
func (b *BMC) getServiceRoot(w http.ResponseWriter, r *http.Request) {
	p := &b.profile
	root := map[string]any{
		"@odata.type":    "#ServiceRoot.v1_17_0.ServiceRoot",
		"@odata.id":      b.odataID(p.RootID),
		"Id":             "RootService",
		"Name":           "Root Service",
		"RedfishVersion": p.RedfishVersion,
		"UUID":           b.uuid,
		"Vendor":         p.Vendor,
		"EventService":   b.link(pathEventService),
		"SessionService": b.link(pathSessionService),
		"Links":          map[string]any{"Sessions": b.link(pathSessions)},
	}
	if f := b.protocolFeatures(); f != nil {
		root["ProtocolFeaturesSupported"] = f
	}
	writeJSON(w, http.StatusOK, root)
}

// protocolFeatures is ServiceRoot.ProtocolFeaturesSupported: the query
// parameters a client may use. The minimal profile omits it, which DSP0266
// reads as "no query parameters beyond paging".
func (b *BMC) protocolFeatures() map[string]any {
	if b.profile.OmitProtocolFeatures && !b.opts.NoQueryStrings {
		return nil
	}
	// Under NoQueryStrings the root promises $expand it will not serve.
	expand := b.profile.SupportsExpand || b.opts.NoQueryStrings
	return map[string]any{
		"ExpandQuery": map[string]any{
			"ExpandAll": expand, "Levels": expand, "Links": expand, "NoLinks": expand,
			"MaxLevels": 1,
		},
		"TopSkipQuery":    true,
		"SelectQuery":     false,
		"FilterQuery":     false,
		"OnlyMemberQuery": false,
		"ExcerptQuery":    false,
	}
}
