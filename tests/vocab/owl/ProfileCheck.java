// OWL 2 DL profile check with the OWL API (Debian's libowlapi-java), for tests/vocab/test_owl.py.
//
// Usage: java ProfileCheck FILE...   (Turtle or N-Triples; all files are merged into one ontology)
// Prints "violations: N", then one line per violation, then "undeclared: N" with the IRIs used
// without a declaration. Exit code 0 when it ran (whatever it found), 2 when a file did not load.
// Compiled at test time (no class file is committed).

import java.io.File;
import java.util.List;
import java.util.TreeSet;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.AddOntologyAnnotation;
import org.semanticweb.owlapi.model.OWLAnnotation;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.profiles.violations.UseOfUndeclaredAnnotationProperty;
import org.semanticweb.owlapi.profiles.violations.UseOfUndeclaredClass;
import org.semanticweb.owlapi.profiles.violations.UseOfUndeclaredDataProperty;
import org.semanticweb.owlapi.profiles.violations.UseOfUndeclaredDatatype;
import org.semanticweb.owlapi.profiles.violations.UseOfUndeclaredObjectProperty;

public class ProfileCheck {
    public static void main(String[] args) throws Exception {
        OWLOntology merged = null;
        for (String name : args) {
            OWLOntology part;
            try {
                part = OWLManager.createOWLOntologyManager()
                        .loadOntologyFromOntologyDocument(new File(name));
            } catch (Exception e) {
                System.out.println("load failed: " + name + ": " + e.getMessage());
                System.exit(2);
                return;
            }
            if (merged == null) {
                merged = part;  // the first file keeps its ontology header and annotations
                continue;
            }
            OWLOntologyManager manager = merged.getOWLOntologyManager();
            manager.addAxioms(merged, part.axioms());
            for (OWLAnnotation annotation : part.annotationsAsList()) {
                manager.applyChange(new AddOntologyAnnotation(merged, annotation));
            }
        }
        OWLProfileReport report = new OWL2DLProfile().checkOntology(merged);
        List<OWLProfileViolation> violations = report.getViolations();
        System.out.println("violations: " + violations.size());
        TreeSet<String> undeclared = new TreeSet<>();
        for (OWLProfileViolation v : violations) {
            System.out.println(v.getClass().getSimpleName() + "\t" + v.toString().replace('\n', ' '));
            if (v instanceof UseOfUndeclaredClass || v instanceof UseOfUndeclaredObjectProperty
                    || v instanceof UseOfUndeclaredDataProperty
                    || v instanceof UseOfUndeclaredAnnotationProperty
                    || v instanceof UseOfUndeclaredDatatype) {
                undeclared.add(String.valueOf(v.getExpression()));
            }
        }
        System.out.println("undeclared: " + undeclared.size());
        for (String iri : undeclared) {
            System.out.println("  " + iri);
        }
    }
}
