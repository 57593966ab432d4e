package redfish

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/stmcginnis/gofish"
	"github.com/stmcginnis/gofish/schemas"
)

// EventService discovers (once per client) and returns the BMC's
// EventService: the service root's EventService link, then the resource it
// points to. It reports the EventService as it is, enabled or not (the data
// source shows ServiceEnabled); View.Create is the one that refuses
// a disabled service, see EnabledEventService. The result is a copy the
// caller may keep; its slices are shared and must not be modified.
func (c *Client) EventService(ctx context.Context) (*EventService, error) {
	es, err := c.eventService.get(ctx, c.discoverEventService)
	if err != nil {
		return nil, err
	}
	cp := *es
	return &cp, nil
}

// RefreshEventService forgets the cached EventService and reads it again,
// for when it may have changed on the BMC (enabled by an operator).
func (c *Client) RefreshEventService(ctx context.Context) (*EventService, error) {
	c.eventService.reset()
	return c.EventService(ctx)
}

// EnabledEventService is EventService, but fails with an error wrapping
// ErrEventServiceDisabled when the BMC reports ServiceEnabled false. The
// cached answer is checked again with the BMC before failing, so enabling
// the service on the BMC takes effect within the same run.
func (c *Client) EnabledEventService(ctx context.Context) (*EventService, error) {
	es, err := c.EventService(ctx)
	if err != nil || es.ServiceEnabled {
		return es, err
	}
	if es, err = c.RefreshEventService(ctx); err != nil || es.ServiceEnabled {
		return es, err
	}
	return nil, &kindError{kind: ErrEventServiceDisabled, msg: fmt.Sprintf(
		"the EventService of the BMC at %s is disabled (ServiceEnabled is false), so the BMC sends no events "+
			"and subscriptions would stay silent; enable it on the BMC, in its web interface or with a PATCH of "+
			`{"ServiceEnabled": true} to %s, then try again`, c.endpoint, es.ODataID)}
}

func (c *Client) discoverEventService(ctx context.Context) (*EventService, error) {
	var found *schemas.EventService
	err := c.call(ctx, http.MethodGet, func(api *gofish.APIClient) error {
		es, err := api.Service.EventService()
		if err != nil {
			return err
		}
		if es == nil && c.cfg.Username != "" {
			// gofish read the service root before logging in; read it
			// again with credentials before concluding there is no
			// EventService, in case the BMC shows fewer links to anonymous
			// clients.
			root, err := gofish.ServiceRoot(api)
			if err != nil {
				return err
			}
			if es, err = root.EventService(); err != nil {
				return err
			}
		}
		found = es
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the EventService of the BMC at %s: %w", c.endpoint, err)
	}
	if found == nil {
		return nil, &kindError{kind: ErrNoEventService, msg: fmt.Sprintf(
			"the BMC at %s has no Redfish EventService (its service root /redfish/v1 links none, as with "+
				"sushy-tools and some older firmware), so it cannot send events and takes no subscriptions", c.endpoint)}
	}
	es, err := parseEventService(found.RawData)
	if err != nil {
		return nil, fmt.Errorf("reading the EventService of the BMC at %s: %w", c.endpoint, err)
	}
	if es.ODataID == "" {
		es.ODataID = NormalizeODataID(found.ODataID)
	}
	c.log(ctx, "discovered BMC EventService", c.fields(map[string]any{
		"event_service":   es.ODataID,
		"service_enabled": es.ServiceEnabled,
		"subscriptions":   es.SubscriptionsURI,
	}))
	return es, nil
}

// parseEventService reads an EventService body. A missing or null
// ServiceEnabled counts as enabled: older BMCs omit it and deliver events.
func parseEventService(body []byte) (*EventService, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("the EventService is not a JSON object: %w", err)
	}
	es := &EventService{
		ODataID:                           NormalizeODataID(str(raw["@odata.id"])),
		ServiceEnabled:                    true,
		DeliveryRetryAttempts:             intPtr(raw["DeliveryRetryAttempts"]),
		DeliveryRetryIntervalSeconds:      intPtr(raw["DeliveryRetryIntervalSeconds"]),
		EventTypesForSubscription:         enumList(raw["EventTypesForSubscription"], EventTypes),
		EventFormatTypes:                  enumList(raw["EventFormatTypes"], EventFormatTypes),
		RegistryPrefixes:                  strList(raw["RegistryPrefixes"]),
		ResourceTypes:                     strList(raw["ResourceTypes"]),
		Severities:                        enumList(raw["Severities"], Severities),
		ExcludeMessageIDSupported:         boolPtr(raw["ExcludeMessageId"]),
		ExcludeRegistryPrefixSupported:    boolPtr(raw["ExcludeRegistryPrefix"]),
		IncludeOriginOfConditionSupported: boolPtr(raw["IncludeOriginOfConditionSupported"]),
		SubordinateResourcesSupported:     boolPtr(raw["SubordinateResourcesSupported"]),
		ServerSentEventURI:                str(raw["ServerSentEventUri"]),
		SMTPSettings:                      isObject(raw["SMTP"]),
	}
	if b := boolPtr(raw["ServiceEnabled"]); b != nil {
		es.ServiceEnabled = *b
	}
	var link struct {
		ID string `json:"@odata.id"`
	}
	if json.Unmarshal(raw["Subscriptions"], &link) == nil {
		es.SubscriptionsURI = NormalizeODataID(link.ID)
	}
	var actions map[string]json.RawMessage
	if json.Unmarshal(raw["Actions"], &actions) == nil {
		var action struct {
			Target string `json:"target"`
		}
		if json.Unmarshal(actions["#EventService.SubmitTestEvent"], &action) == nil {
			es.SubmitTestEventTarget = NormalizeODataID(action.Target)
		}
	}
	return es, nil
}

// kindError is an error with its own message that errors.Is matches
// against a sentinel (ErrNoEventService, ErrEventServiceDisabled…).
type kindError struct {
	kind  error
	msg   string
	cause error
}

func (e *kindError) Error() string        { return e.msg }
func (e *kindError) Is(target error) bool { return target == e.kind }
func (e *kindError) Unwrap() error        { return e.cause }

func isObject(raw json.RawMessage) bool {
	var obj map[string]json.RawMessage
	return len(raw) > 0 && json.Unmarshal(raw, &obj) == nil && obj != nil
}
