/// Kubernetes' checks of label keys and values (`IsQualifiedName`, `IsValidLabelValue`), for
/// callers outside the pod validator such as label selectors.
public enum LabelSyntax {
    /// What is wrong with a label key, one message per problem; empty when the key is valid.
    ///
    /// A key is an optional DNS subdomain prefix and `/`, then a name of at most 63
    /// alphanumeric characters, `-`, `_` or `.` that starts and ends with an alphanumeric.
    public static func keyProblems(_ key: String) -> [String] {
        NameValidation.qualifiedName(key)
    }

    /// What is wrong with a label value, one message per problem; empty when the value is valid.
    ///
    /// A value is empty, or at most 63 alphanumeric characters, `-`, `_` or `.` that starts and
    /// ends with an alphanumeric.
    public static func valueProblems(_ value: String) -> [String] {
        NameValidation.labelValue(value)
    }
}
