package bmcsim

// Message texts copied verbatim from DMTF registries/Base.1.22.1.json and
// registries/ResourceEvent.1.4.3.json (release 2025.4), only the messages the
// emulator sends. The emulator must not read ../shared at run time, so they
// are embedded; registry_test.go proves they still match the files.

// baseRegistry is the MessageId prefix of every Base message: Redfish
// MessageIds carry the registry major.minor version only (DSP0266, clause
// "Message identifier").
const baseRegistry = "Base.1.22"

// resourceEventRegistry is the prefix of ResourceEvent messages.
const resourceEventRegistry = "ResourceEvent.1.4"

var baseMessages = map[string]registryMessage{
	"PropertyMissing":                 {Text: "The property %1 is a required property and must be included in the request.", Severity: "Warning", NumArgs: 1, Resolution: "Ensure that the property is in the request body and has a valid value and resubmit the request if the operation failed."},
	"PropertyUnknown":                 {Text: "The property %1 is not in the list of valid properties for the resource.", Severity: "Warning", NumArgs: 1, Resolution: "Remove the unknown property from the request body and resubmit the request if the operation failed."},
	"PropertyValueNotInList":          {Text: "The value '%1' for the property %2 is not in the list of acceptable values.", Severity: "Warning", NumArgs: 2, Resolution: "Choose a value from the enumeration list that the implementation can support and resubmit the request if the operation failed."},
	"PropertyValueTypeError":          {Text: "The value '%1' for the property %2 is not a type that the property can accept.", Severity: "Warning", NumArgs: 2, Resolution: "Correct the value for the property in the request body and resubmit the request if the operation failed."},
	"PropertyValueFormatError":        {Text: "The value '%1' for the property %2 is not a format that the property can accept.", Severity: "Warning", NumArgs: 2, Resolution: "Correct the value for the property in the request body and resubmit the request if the operation failed."},
	"PropertyValueOutOfRange":         {Text: "The value '%1' for the property %2 is not in the supported range of acceptable values.", Severity: "Warning", NumArgs: 2, Resolution: "Correct the value for the property in the request body and resubmit the request if the operation failed."},
	"PropertyNotWritable":             {Text: "The property %1 is a read-only property and cannot be assigned a value.", Severity: "Warning", NumArgs: 1, Resolution: "Remove the property from the request body and resubmit the request if the operation failed."},
	"PropertyValueError":              {Text: "The value provided for the property %1 is not valid.", Severity: "Warning", NumArgs: 1, Resolution: "Correct the value for the property in the request body and resubmit the request if the operation failed."},
	"PropertyValueConflict":           {Text: "The property '%1' could not be written because its value would conflict with the value of the '%2' property.", Severity: "Warning", NumArgs: 2, Resolution: "None."},
	"StringValueTooLong":              {Text: "The string '%1' exceeds the length limit %2.", Severity: "Warning", NumArgs: 2, Resolution: "Resubmit the request with an appropriate string length."},
	"ArraySizeTooLong":                {Text: "The array provided for property %1 exceeds the size limit %2.", Severity: "Warning", NumArgs: 2, Resolution: "Resubmit the request with an appropriate array size."},
	"CreateLimitReachedForResource":   {Text: "The create operation failed because the resource has reached the limit of possible resources.", Severity: "Critical", NumArgs: 0, Resolution: "Either delete resources and resubmit the request if the operation failed or do not resubmit the request."},
	"EventSubscriptionLimitExceeded":  {Text: "The event subscription failed due to the number of simultaneous subscriptions exceeding the limit of the implementation.", Severity: "Critical", NumArgs: 0, Resolution: "Reduce the number of other subscriptions before trying to establish the event subscription or increase the limit of simultaneous subscriptions, if supported."},
	"ResourceAlreadyExists":           {Text: "The requested resource of type %1 with the property %2 with the value '%3' already exists.", Severity: "Critical", NumArgs: 3, Resolution: "Do not repeat the create operation as the resource was already created."},
	"GeneralError":                    {Text: "A general error has occurred.  See Resolution for information on how to resolve the error, or @Message.ExtendedInfo if Resolution is not provided.", Severity: "Critical", NumArgs: 0, Resolution: "None."},
	"Success":                         {Text: "The request completed successfully.", Severity: "OK", NumArgs: 0, Resolution: "None."},
	"Created":                         {Text: "The resource was created successfully.", Severity: "OK", NumArgs: 0, Resolution: "None."},
	"NoOperation":                     {Text: "The request body submitted contain no data to act upon and no changes to the resource took place.", Severity: "Warning", NumArgs: 0, Resolution: "Add properties in the JSON object and resubmit the request."},
	"ResourceNotFound":                {Text: "The requested resource of type %1 named '%2' was not found.", Severity: "Critical", NumArgs: 2, Resolution: "Provide a valid resource identifier and resubmit the request."},
	"InvalidURI":                      {Text: "The URI %1 was not found.", Severity: "Critical", NumArgs: 1, Resolution: "Provide a valid URI and resubmit the request."},
	"ResourceAtUriUnauthorized":       {Text: "While accessing the resource at '%1', the service received an authorization error '%2'.", Severity: "Critical", NumArgs: 2, Resolution: "Ensure that the appropriate access is provided for the service in order for it to access the URI."},
	"NoValidSession":                  {Text: "There is no valid session established with the implementation.", Severity: "Critical", NumArgs: 0, Resolution: "Establish a session before attempting any operations."},
	"MalformedJSON":                   {Text: "The request body submitted was malformed JSON and could not be parsed by the receiving service.", Severity: "Critical", NumArgs: 0, Resolution: "Ensure that the request body is valid JSON and resubmit the request."},
	"UnrecognizedRequestBody":         {Text: "The service detected a malformed request body that it was unable to interpret.", Severity: "Warning", NumArgs: 0, Resolution: "Correct the request body and resubmit the request if it failed."},
	"HeaderMissing":                   {Text: "Required header '%1' is missing in the request.", Severity: "Critical", NumArgs: 1, Resolution: "Resubmit the request with the required request header."},
	"HeaderInvalid":                   {Text: "Header '%1' is invalid.", Severity: "Critical", NumArgs: 1, Resolution: "Resubmit the request with a valid request header."},
	"EmptyJSON":                       {Text: "The request body submitted contained an empty JSON object and the service is unable to process it.", Severity: "Warning", NumArgs: 0, Resolution: "Add properties in the JSON object and resubmit the request."},
	"ServiceTemporarilyUnavailable":   {Text: "The service is temporarily unavailable.  Retry in %1 seconds.", Severity: "Critical", NumArgs: 1, Resolution: "Wait for the indicated retry duration and retry the operation."},
	"InternalError":                   {Text: "The request failed due to an internal service error.  The service is still operational.", Severity: "Critical", NumArgs: 0, Resolution: "Resubmit the request.  If the problem persists, consider resetting the service."},
	"SessionLimitExceeded":            {Text: "The session establishment failed due to the number of simultaneous sessions exceeding the limit of the implementation.", Severity: "Critical", NumArgs: 0, Resolution: "Reduce the number of other sessions before trying to establish the session or increase the limit of simultaneous sessions, if supported."},
	"OperationNotAllowed":             {Text: "The HTTP method is not allowed on this resource.", Severity: "Critical", NumArgs: 0, Resolution: "None."},
	"ActionNotSupported":              {Text: "The action %1 is not supported by the resource.", Severity: "Critical", NumArgs: 1, Resolution: "Check the Actions property in the resource for the supported actions."},
	"ActionParameterMissing":          {Text: "The action %1 requires the parameter %2 to be present in the request body.", Severity: "Critical", NumArgs: 2, Resolution: "Supply the action with the required parameter in the request body when the request is resubmitted."},
	"ActionParameterUnknown":          {Text: "The action %1 was submitted with the invalid parameter %2.", Severity: "Warning", NumArgs: 2, Resolution: "Correct the invalid action parameter and resubmit the request if the operation failed."},
	"ActionParameterValueTypeError":   {Text: "The value '%1' for the parameter %2 in the action %3 is not a type that the parameter can accept.", Severity: "Warning", NumArgs: 3, Resolution: "Correct the value for the parameter in the request body and resubmit the request if the operation failed."},
	"ActionParameterValueFormatError": {Text: "The value '%1' for the parameter %2 in the action %3 is not a format that the parameter can accept.", Severity: "Warning", NumArgs: 3, Resolution: "Correct the value for the parameter in the request body and resubmit the request if the operation failed."},
	"ActionParameterValueNotInList":   {Text: "The value '%1' for the parameter %2 in the action %3 is not in the list of acceptable values.", Severity: "Warning", NumArgs: 3, Resolution: "Choose a value from the enumeration list that the implementation can support and resubmit the request if the operation failed."},
	"QueryNotSupported":               {Text: "Querying is not supported by the implementation.", Severity: "Warning", NumArgs: 0, Resolution: "Remove the query parameters and resubmit the request if the operation failed."},
	"QueryParameterValueTypeError":    {Text: "The value '%1' for the query parameter %2 is not a type that the parameter can accept.", Severity: "Warning", NumArgs: 2, Resolution: "Correct the value for the query parameter in the request and resubmit the request if the operation failed."},
	"QueryParameterOutOfRange":        {Text: "The value '%1' for the query parameter %2 is out of range %3.", Severity: "Warning", NumArgs: 3, Resolution: "Reduce the value for the query parameter to a value that is within range, such as a start or count value that is within bounds of the number of resources in a collection or a page number that is within the range of valid pages."},
	"SubscriptionTerminated":          {Text: "The event subscription was terminated.", Severity: "OK", NumArgs: 0, Resolution: "None."},
	"ServiceDisabled":                 {Text: "The operation failed because the service at %1 is disabled and cannot accept requests.", Severity: "Warning", NumArgs: 1, Resolution: "Enable the service and resubmit the request if the operation failed."},
}

var resourceEventMessages = map[string]registryMessage{
	"TestMessage":                   {Text: "Test message.", Severity: "OK", NumArgs: 0, Resolution: "None."},
	"ResourceCreated":               {Text: "The resource was created successfully.", Severity: "OK", NumArgs: 0, Resolution: "None."},
	"ResourceRemoved":               {Text: "The resource was removed successfully.", Severity: "OK", NumArgs: 0, Resolution: "None."},
	"ResourceChanged":               {Text: "One or more resource properties have changed.", Severity: "OK", NumArgs: 0, Resolution: "None."},
	"ResourceStatusChangedOK":       {Text: "The health of resource '%1' has changed to %2.", Severity: "OK", NumArgs: 2, Resolution: "None."},
	"ResourceStatusChangedWarning":  {Text: "The health of resource '%1' has changed to %2.", Severity: "Warning", NumArgs: 2, Resolution: "None."},
	"ResourceStatusChangedCritical": {Text: "The health of resource '%1' has changed to %2.", Severity: "Critical", NumArgs: 2, Resolution: "None."},
	"ResourceErrorsDetected":        {Text: "The resource property %1 has detected errors of type '%2'.", Severity: "Warning", NumArgs: 2, Resolution: "Resolution is dependent upon error type."},
}

// baseMessageKeys is every message key of Base.1.22.1; the openbmc profile
// accepts a MessageIds entry only when it names a key of a registry it knows.
var baseMessageKeys = []string{
	"Success", "GeneralError", "Created", "NoOperation", "PropertyDuplicate",
	"PropertyUnknown", "PropertyValueTypeError", "PropertyValueFormatError",
	"PropertyValueNotInList", "PropertyValueOutOfRange", "PropertyValueError",
	"PropertyNotWritable", "PropertyNotUpdated", "PropertyMissing",
	"MalformedJSON", "InvalidJSON", "EmptyJSON", "ActionNotSupported",
	"ActionParameterMissing", "ActionParameterDuplicate",
	"ActionParameterUnknown", "ActionParameterValueTypeError",
	"ActionParameterValueFormatError", "ActionParameterValueNotInList",
	"ActionParameterValueOutOfRange", "ActionParameterValueError",
	"ActionParameterNotSupported", "ArraySizeTooLong", "ArraySizeTooShort",
	"QueryParameterValueTypeError", "QueryParameterValueFormatError",
	"QueryParameterValueError", "QueryParameterOutOfRange",
	"QueryNotSupportedOnResource", "QueryNotSupportedOnOperation",
	"QueryNotSupported", "QueryCombinationInvalid", "QueryParameterUnsupported",
	"SessionLimitExceeded", "EventSubscriptionLimitExceeded",
	"ResourceCannotBeDeleted", "ResourceInUse", "ResourceAlreadyExists",
	"ResourceNotFound", "PayloadTooLarge", "InsufficientStorage",
	"MissingOrMalformedPart", "InvalidURI", "CreateFailedMissingReqProperties",
	"CreateLimitReachedForResource", "ServiceShuttingDown",
	"ServiceInUnknownState", "NoValidSession", "InsufficientPrivilege",
	"AccountModified", "AccountNotModified", "AccountRemoved",
	"AccountForSessionNoLongerExists", "InvalidObject", "InternalError",
	"UnrecognizedRequestBody", "ResourceMissingAtURI",
	"ResourceAtUriInUnknownFormat", "ResourceAtUriUnauthorized",
	"CouldNotEstablishConnection", "SourceDoesNotSupportProtocol",
	"AccessDenied", "ServiceTemporarilyUnavailable", "InvalidIndex",
	"PropertyValueModified", "ResourceInStandby", "ResourceExhaustion",
	"StringValueTooLong", "StringValueTooShort", "SessionTerminated",
	"SubscriptionTerminated", "ResourceTypeIncompatible",
	"PasswordChangeRequired", "PasswordIncorrectLength",
	"PasswordReuseTooRecent", "PasswordComplexityNotMet", "ResetRequired",
	"ResetRecommended", "ChassisPowerStateOnRequired",
	"ChassisPowerStateOffRequired", "PropertyValueConflict",
	"PropertyValueResourceConflict", "PropertyValueExternalConflict",
	"PropertyValueIncorrect", "ResourceCreationConflict",
	"ActionParameterValueConflict", "MaximumErrorsExceeded",
	"PreconditionFailed", "PreconditionRequired", "HeaderMissing",
	"HeaderInvalid", "OperationFailed", "OperationTimeout",
	"OperationNotAllowed", "UndeterminedFault", "ConditionInRelatedResource",
	"RestrictedRole", "RestrictedPrivilege", "StrictAccountTypes",
	"PropertyDeprecated", "ResourceDeprecated", "PropertyValueDeprecated",
	"ActionDeprecated", "NetworkNameResolutionNotConfigured",
	"NetworkNameResolutionNotSupported", "ServiceDisabled",
	"EventBufferExceeded", "AuthenticationTokenRequired", "OneTimePasscodeSent",
	"LicenseRequired", "PropertyModified", "GenerateSecretKeyRequired",
	"AccessUnauthorized", "AccessForbidden",
}
