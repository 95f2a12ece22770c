// SHACL validation with Apache Jena (Debian's libapache-jena-java), for tests/vocab/test_shacl_parity.py.
//
// Usage: java ShaclCheck SHAPES DATA...   (Turtle or N-Triples; the data files are merged)
// Prints "conforms: true|false", then one tab-separated line per result:
// severity, focus node, path, source constraint component, source shape.
// Compiled at test time (no class file is committed).

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.sparql.graph.GraphFactory;

public class ShaclCheck {
    public static void main(String[] args) {
        Graph shapesGraph = RDFDataMgr.loadGraph(args[0]);
        Graph data = GraphFactory.createDefaultGraph();
        for (int i = 1; i < args.length; i++) {
            RDFDataMgr.read(data, args[i]);
        }
        Shapes shapes = Shapes.parse(shapesGraph);
        ValidationReport report = ShaclValidator.get().validate(shapes, data);
        System.out.println("conforms: " + report.conforms());
        for (ReportEntry entry : report.getEntries()) {
            System.out.println(entry.severity().level().getURI() + "\t" + text(entry.focusNode())
                + "\t" + (entry.resultPath() == null ? "" : entry.resultPath().toString())
                + "\t" + text(entry.sourceConstraintComponent())
                + "\t" + text(entry.source()));
        }
    }

    private static String text(Node node) {
        if (node == null) {
            return "";
        }
        if (node.isURI()) {
            return node.getURI();
        }
        return node.isLiteral() ? node.getLiteralLexicalForm() : node.toString();
    }
}
