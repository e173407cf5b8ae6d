import Ops
import Testing

/// Kubernetes' label selector grammar: what `labels.Parse` accepts, what it rejects, and how
/// requirements match.
@Suite("label selectors")
struct LabelSelectorTests {
    /// Accepted selectors and their requirements in Kubernetes' spelling.
    static let accepted: [(String, String)] = [
        ("", ""),
        ("x=a,y=b,z=c", "x=a,y=b,z=c"),
        ("x==a", "x=a"),
        ("x!=a,y=b", "x!=a,y=b"),
        ("x=", "x="),
        ("x= ,z= ", "x=,z="),
        ("!x", "!x"),
        ("x", "x"),
        ("x,y", "x,y"),
        ("  a \t", "a"),
        ("\rx", "x"),
        ("x>1,z<5", "x>1,z<5"),
        ("app in (api)", "app in (api)"),
        ("app in(api,web)", "app in (api,web)"),
        ("foo  in\t (abc)", "foo in (abc)"),
        ("x notin\n (abc)", "x notin (abc)"),
        ("x in (def,abc,abc)", "x in (abc,def)"),
        ("x in (abc,)", "x in (,abc)"),
        ("x notin (, a)", "x notin (,a)"),
        ("x in (foo,,baz),y,z notin ()", "x in (,baz,foo),y,z notin ()"),
        // Kubernetes reads an empty list as the one empty value.
        ("x in ()", "x in ()"),
        ("x notin ( )", "x notin ()"),
        ("a in (x,y,notin, z,in)", "a in (in,notin,x,y,z)"),
        ("in in (notin)", "in in (notin)"),
        ("this-is-a-dns.domain.com/key-with-dash in (so,what)", "this-is-a-dns.domain.com/key-with-dash in (so,what)"),
        ("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)"),
        ("x=a,y!=b,z in (h,i,j),!w", "x=a,y!=b,z in (h,i,j),!w"),
    ]

    /// Rejected selectors and a part of the message each must give.
    static let rejected: [(String, String)] = [
        ("a=b=c", "unexpected '=' at column 4; expected ',' or the end of the selector"),
        ("=bad", "unexpected '=' at column 1; expected a label key or '!'"),
        ("x==a==b", "unexpected '==' at column 5"),
        ("!x=a", "unexpected '=' at column 3"),
        ("x<a", "the value after '<' at column 2 must be an integer, got \"a\""),
        ("x>", "must be an integer, got \"\""),
        ("x>-1", "invalid value \"-1\" for label \"x\""),
        ("x=a||y=b", "invalid value \"a||y\" for label \"x\""),
        (",x,y", "unexpected ',' at column 1"),
        ("x,", "expected a label key or '!' after ',' at column 3, found the end of the selector"),
        ("x,,y", "unexpected ',' at column 3"),
        ("a in (xyz),", "after ','"),
        ("a in (xyz)b notin ()", "unexpected \"b\" at column 11"),
        ("x nott in (y)", "unexpected \"nott\" at column 3; expected one of =, ==, !=, in, notin, >, < after \"x\""),
        ("a in (xyz abc)", "unexpected \"abc\" at column 11; expected ',' or ')'"),
        ("a in (x,,)", "unexpected ')' at column 10; expected a value or ','"),
        ("a notin(", "expected a value, ',' or ')' at column 9, found the end of the selector"),
        ("app in (api", "expected ',' or ')' at column 12, found the end of the selector"),
        ("app in api", "unexpected \"api\" at column 8; expected '(' to start the list of values"),
        ("a (", "unexpected '(' at column 3"),
        ("(", "unexpected '(' at column 1"),
        ("!", "expected a label key after '!' at column 2"),
        ("!=a", "unexpected '!=' at column 1"),
        ("-x=a", "invalid label key \"-x\" at column 1"),
        ("a/b/c", "invalid label key \"a/b/c\""),
        ("/a", "prefix part must be non-empty"),
        ("Bad_Prefix/a", "prefix part a lowercase RFC 1123 subdomain"),
        (String(repeating: "k", count: 64), "name part must be no more than 63 characters"),
        ("k=" + String(repeating: "v", count: 64), "must be no more than 63 characters"),
        ("k=a_", "invalid value \"a_\" for label \"k\" at column 3"),
        ("k in (ok,-bad)", "invalid value \"-bad\" for label \"k\" at column 10"),
        ("k=é", "invalid value \"é\""),
    ]

    @Test(arguments: accepted)
    func accepts(_ text: String, _ canonical: String) throws {
        let selector = try LabelSelector(parsing: text)
        #expect(selector.description == canonical)
        // What it prints parses back to the same requirements.
        #expect(try LabelSelector(parsing: selector.description) == selector)
    }

    @Test(arguments: rejected)
    func rejects(_ text: String, _ message: String) {
        do {
            let selector = try LabelSelector(parsing: text)
            Issue.record("\(text) was accepted as \(selector)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
            #expect(error.description.hasPrefix("label selector \""), "the message names the selector: \(error.description)")
        }
    }

    @Test func matchesAsKubernetesDoes() throws {
        let labels: [(key: String, value: String)] = [("app", "api"), ("tier", "front"), ("replicas", "3"), ("empty", "")]
        func matches(_ text: String) throws -> Bool { try LabelSelector(parsing: text).matches(labels) }
        #expect(try matches(""))
        #expect(try matches("app=api"))
        #expect(try matches("app==api,tier"))
        #expect(try !matches("app=web"))
        #expect(try matches("app!=web"))
        #expect(try matches("missing!=x"), "!= holds when the label is absent")
        #expect(try matches("app in (web,api)"))
        #expect(try !matches("missing in (x)"))
        #expect(try matches("app notin (web)"))
        #expect(try matches("missing notin (x)"), "notin holds when the label is absent")
        #expect(try !matches("app notin (api)"))
        #expect(try matches("empty in ()"), "() is the empty value")
        #expect(try matches("empty="))
        #expect(try matches("!missing"))
        #expect(try !matches("!app"))
        #expect(try !matches("missing"))
        #expect(try matches("replicas>2,replicas<4"))
        #expect(try !matches("replicas>3"))
        #expect(try !matches("app>1"), "a value that is not an integer never compares")
        #expect(try !matches("missing<9"))
    }
}
